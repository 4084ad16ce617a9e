package dev.ferry.rekey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.testing.RekeyClinic;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.plan.KeyUuids;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The switch's verification compares segment hashes and names each row whose UUID is not its integer's. */
class RekeyVerifyTest {
    private static final String WRONG_KEY = "00000000-0000-5000-8000-000000000001";

    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return RekeyClinic.postgres();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void switchRefusesNamingTheRowWithAWrongKeyUuidAndTheRowWithAWrongReference(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            rekeys.expand(ExpandOptions.DEFAULTS);
            String otherPatient = "00000000-0000-5000-8000-000000000002";
            // Without the sync trigger (and the foreign-key triggers), as a bug or a manual fix would leave them.
            db.exec("SET session_replication_role = replica",
                    "UPDATE dispatch_order SET id_uuid = '" + WRONG_KEY + "' WHERE id = 5",
                    "UPDATE dispatch_order SET patient_id_uuid = '" + otherPatient + "' WHERE id = 7");

            assertThatThrownBy(() -> rekeys.switchKeys(false))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED))
                    .hasMessageContaining("dispatch_order.id (1 row(s)): row id = 5: id_uuid is " + WRONG_KEY + ", expected "
                            + KeyUuids.of("orders", "5"))
                    .hasMessageContaining("dispatch_order.patient_id (1 row(s)): row id = 7: patient_id_uuid is " + otherPatient)
                    .hasMessageContaining("nothing was switched");
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM ferry_rekey WHERE phase = 'switched'")).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void cleanKeysPassWithEveryRowCounted(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            rekeys.expand(ExpandOptions.DEFAULTS);

            SwitchResult result = rekeys.switchKeys(false);

            assertThat(result.verified()).isTrue();
            assertThat(result.verification()).hasSize(RekeyClinic.KEYS.size())
                    .filteredOn(k -> k.table().endsWith("dispatch_order") && k.column().equals("id"))
                    .singleElement().satisfies(k -> assertThat(k.rows()).isEqualTo(RekeyClinic.count(db, "SELECT count(*) FROM dispatch_order")));
        }
    }

    @Test
    void segmentsCoverEveryKeyOnceAroundZero() {
        assertThat(KeyVerifier.keyRange(0)).containsExactly(-(KeyVerifier.SEGMENT - 1), KeyVerifier.SEGMENT - 1);
        assertThat(KeyVerifier.keyRange(1)).containsExactly(KeyVerifier.SEGMENT, 2 * KeyVerifier.SEGMENT - 1);
        assertThat(KeyVerifier.keyRange(-1)).containsExactly(-(2 * KeyVerifier.SEGMENT - 1), -KeyVerifier.SEGMENT);
        assertThat(-(2 * KeyVerifier.SEGMENT - 1) / KeyVerifier.SEGMENT).isEqualTo(-1);
        assertThat(-KeyVerifier.SEGMENT / KeyVerifier.SEGMENT).isEqualTo(-1);
    }
}
