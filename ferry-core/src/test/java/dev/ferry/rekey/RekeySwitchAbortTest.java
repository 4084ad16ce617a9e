package dev.ferry.rekey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.RekeyClinic;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.plan.KeyUuids;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Switch makes the UUIDs the enforced keys while old clients keep writing integers; abort gives back the catalog as it was. */
class RekeySwitchAbortTest {
    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return RekeyClinic.postgres();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void abortAfterExpandGivesBackTheCatalogAsItWas(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            String before = RekeyClinic.catalog(db);
            rekeys.expand(ExpandOptions.DEFAULTS);
            assertThat(RekeyClinic.catalog(db)).isNotEqualTo(before);

            rekeys.abort(false);

            assertThat(RekeyClinic.catalog(db)).isEqualTo(before);
            assertThat(rekeys.status().tables()).allSatisfy(t -> assertThat(t.phase()).isEqualTo("not started"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void switchMakesTheUuidThePrimaryKeyAndOldAndNewClientsKeepWriting(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            rekeys.expand(ExpandOptions.DEFAULTS);

            SwitchResult dry = rekeys.switchKeys(true);
            assertThat(dry.statements()).anyMatch(s -> s.contains("PRIMARY KEY USING INDEX"));
            assertThat(RekeyClinic.text(db, "SELECT string_agg(phase, ',') FROM ferry_rekey")).doesNotContain("switched");

            SwitchResult result = rekeys.switchKeys(false);

            assertThat(result.verified()).isTrue();
            assertThat(result.verification()).hasSize(RekeyClinic.KEYS.size());
            assertThat(result.views()).isEmpty();
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'public_v2'"))
                    .as("no view needed a twin, so no compatibility views were made").isZero();
            assertThat(RekeyClinic.text(db, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'dispatch_order'::regclass AND contype = 'p'"))
                    .isEqualTo("PRIMARY KEY (id_uuid)");
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conname NOT LIKE 'ferry\\_%'")).isZero();
            assertThat(RekeyClinic.text(db, "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'dispatch_order' AND column_name = 'patient_id'"))
                    .isEqualTo("YES");
            assertThat(RekeyClinic.text(db, "SELECT col_description('dispatch_order'::regclass, 1)")).startsWith("deprecated by ferry rekey: use id_uuid");
            assertThat(rekeys.status().tables()).allSatisfy(t -> assertThat(t.phase()).isEqualTo("switched"));

            // An old client writes integers; a new one only UUIDs, and its row has no integer key.
            db.exec("INSERT INTO dispatch_order (id, patient_id, amount, status, created_at) VALUES (90001, 2, 10, 'new', now())",
                    "INSERT INTO dispatch_patient (id_uuid, doctor_id_uuid, sex) VALUES ('" + java.util.UUID.randomUUID() + "', '"
                            + KeyUuids.of("doctors", "1") + "', 'F')");
            assertThat(RekeyClinic.text(db, "SELECT id_uuid::text FROM dispatch_order WHERE id = 90001")).isEqualTo(KeyUuids.of("orders", "90001").toString());
            assertThat(RekeyClinic.count(db, "SELECT doctor_id FROM dispatch_patient WHERE id IS NULL")).isEqualTo(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.exec("INSERT INTO dispatch_order (id, patient_id, amount, status, "
                    + "created_at) VALUES (90001, 2, 10, 'new', now())")).hasMessageContaining("duplicate key");
            assertThat(RekeyClinic.mismatches(db)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void abortAfterSwitchGivesBackTheCatalogAndKeepsTheRowsWrittenMeanwhile(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            db.exec("COMMENT ON COLUMN dispatch_order.id IS 'the order number'");
            String before = RekeyClinic.catalog(db);
            rekeys.expand(ExpandOptions.DEFAULTS);
            rekeys.switchKeys(false);
            db.exec("INSERT INTO dispatch_order (id, patient_id, amount, status, created_at) VALUES (90001, 2, 10, 'new', now())");

            AbortResult aborted = rekeys.abort(false);

            assertThat(aborted.statements()).anyMatch(s -> s.contains("PRIMARY KEY USING INDEX"));
            assertThat(RekeyClinic.catalog(db)).isEqualTo(before);
            assertThat(RekeyClinic.count(db, "SELECT patient_id FROM dispatch_order WHERE id = 90001")).isEqualTo(2);
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM dispatch_order")).isEqualTo(1501);
        }
    }
}
