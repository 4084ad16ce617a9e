package dev.ferry.rekey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testing.RekeyClinic;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.plan.KeyUuids;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Expand adds UUID twins a transfer would agree with, keeps both forms in step for every writer, and resumes. */
class RekeyExpandTest {
    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return RekeyClinic.postgres();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void expandGivesEveryRowTheUuidATransferWouldGiveIt(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            ExpandResult result = rekeys.expand(ExpandOptions.DEFAULTS);

            assertThat(result.tables()).extracting(ExpandResult.TableExpanded::rowsBackfilled).allSatisfy(n -> assertThat(n).isPositive());
            assertThat(RekeyClinic.mismatches(db)).isEmpty();
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM pg_constraint WHERE conname LIKE 'ferry\\_%\\_fkey' AND convalidated"))
                    .isEqualTo(5);
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    + "WHERE c.relname LIKE 'ferry\\_%\\_uuid\\_key' AND i.indisvalid AND i.indisunique")).isEqualTo(5);
            assertThat(rekeys.status().tables()).allSatisfy(t -> {
                assertThat(t.phase()).isEqualTo("expanded");
                assertThat(t.percent()).isEqualTo(100);
            });
            assertThat(dir.resolve(".ferry/reports").toFile().list()).anyMatch(f -> f.endsWith("-rekey-expand.json"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void oldAndNewWritersGetBothKeyFormsAfterExpand(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            rekeys.expand(ExpandOptions.DEFAULTS);
            String patient = KeyUuids.of("patients", "3").toString();
            db.exec("INSERT INTO dispatch_order (id, patient_id, amount, status, created_at) VALUES (90001, 2, 10, 'new', now())",
                    "INSERT INTO dispatch_order (id, patient_id_uuid, amount, status, created_at) VALUES (90002, '" + patient
                            + "', 11, 'new', now())",
                    "UPDATE dispatch_order SET patient_id = 4 WHERE id = 1",
                    "UPDATE dispatch_order SET patient_id_uuid = '" + patient + "' WHERE id = 2");

            assertThat(RekeyClinic.mismatches(db)).isEmpty();
            assertThat(RekeyClinic.count(db, "SELECT patient_id FROM dispatch_order WHERE id = 90002")).isEqualTo(3);
            assertThat(RekeyClinic.count(db, "SELECT patient_id FROM dispatch_order WHERE id = 2")).isEqualTo(3);
            assertThatThrownBy(() -> db.exec("INSERT INTO dispatch_order (id, patient_id_uuid, amount, status, created_at) VALUES "
                    + "(90003, '" + KeyUuids.of("patients", "999999") + "', 1, 'new', now())"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("no row with UUID");
            assertThatThrownBy(() -> db.exec("UPDATE dispatch_office SET id_uuid = '" + KeyUuids.of("offices", "77") + "' WHERE id = 1"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("is not the UUID of key");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aClientSettingTheBackfillMarkItselfStillHasItsWritesChecked(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            RekeyClinic.rekeys(db, dir).expand(ExpandOptions.DEFAULTS);
            String wrong = KeyUuids.of("offices", "77").toString();
            // For its session, and to the id of a transaction that is over (as a copied value would be).
            try (var c = db.database().connect("client"); var st = c.createStatement()) {
                st.execute("SET ferry.rekey_backfill = 'on'");
                assertThatThrownBy(() -> st.executeUpdate("UPDATE dispatch_office SET id_uuid = '" + wrong + "' WHERE id = 1"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("is not the UUID of key");
                st.execute("SELECT set_config('ferry.rekey_backfill', txid_current()::text, false)");
                assertThatThrownBy(() -> st.executeUpdate("UPDATE dispatch_office SET id_uuid = '" + wrong + "' WHERE id = 2"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("is not the UUID of key");
                st.executeUpdate("INSERT INTO dispatch_office (id, name, created_at) VALUES (900, 'new office', now())");
            }
            assertThat(RekeyClinic.mismatches(db)).isEmpty();
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM dispatch_office WHERE id = 900 AND id_uuid IS NOT NULL")).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void theServersKeyFunctionIsTheTransfersKeyUuids(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            RekeyClinic.rekeys(db, dir).expand(ExpandOptions.DEFAULTS);
            try (var c = db.database().connect("test"); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT ferry_key_uuid('orders', '42'), ferry_key_uuid('caf\u00e9', '-7')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(KeyUuids.of("orders", "42").toString());
                assertThat(rs.getString(2)).isEqualTo(KeyUuids.of("caf\u00e9", "-7").toString());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aDryRunPrintsTheStatementsAndChangesNothing(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            long columns = RekeyClinic.count(db, "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()");
            ExpandResult dry = rekeys.expand(ExpandOptions.DEFAULTS.withDryRun(true));

            assertThat(dry.dryRun()).isTrue();
            assertThat(dry.statements()).anyMatch(s -> s.startsWith("ALTER TABLE \"public\".\"dispatch_order\" ADD COLUMN IF NOT EXISTS \"patient_id_uuid\""))
                    .anyMatch(s -> s.startsWith("CREATE UNIQUE INDEX CONCURRENTLY"))
                    .anyMatch(s -> s.contains("NOT VALID"))
                    .anyMatch(s -> s.startsWith("UPDATE \"public\".\"dispatch_order\" SET"));
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()"))
                    .isEqualTo(columns);
            assertThat(rekeys.status().tables()).allSatisfy(t -> assertThat(t.phase()).isEqualTo("not started"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aSecondExpandFindsEverythingDoneAndBackfillsNothing(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            rekeys.expand(ExpandOptions.DEFAULTS);
            ExpandResult again = rekeys.expand(ExpandOptions.DEFAULTS);
            assertThat(again.tables()).allSatisfy(t -> assertThat(t.rowsBackfilled()).isZero());
            assertThat(RekeyClinic.mismatches(db)).isEmpty();
        }
    }
}
