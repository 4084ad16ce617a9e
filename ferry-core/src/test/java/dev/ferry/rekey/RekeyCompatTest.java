package dev.ferry.rekey;

import static dev.ferry.testing.CompatClients.connect;
import static dev.ferry.testing.CompatClients.newClientReads;
import static dev.ferry.testing.CompatClients.newClientWrites;
import static dev.ferry.testing.CompatClients.oldClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testing.RekeyClinic;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.plan.KeyUuids;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Old clients keep their SQL through v1 and new clients use UUIDs through v2, after each phase. */
class RekeyCompatTest {
    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return RekeyClinic.postgres();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void oldSqlWorksThroughV1AndNewSqlThroughV2AfterEachPhase(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            long patientOfFirstOrder = RekeyClinic.count(db, "SELECT patient_id FROM dispatch_order WHERE id = 1");
            String patientUuid = KeyUuids.of("patients", String.valueOf(patientOfFirstOrder)).toString();
            assertThatThrownBy(() -> rekeys.compat(false)).hasMessageContaining("run 'ferry rekey expand'");

            rekeys.expand(ExpandOptions.DEFAULTS);
            CompatResult compat = rekeys.compat(false);
            assertThat(compat.schemas()).containsExactly("public_v1", "public_v2");
            assertThat(rekeys.compatUrl("v1")).endsWith("currentSchema=public_v1,public&ApplicationName=ferry-compat-v1");
            try (Connection v1 = connect(db, rekeys, "v1"); Connection v2 = connect(db, rekeys, "v2")) {
                assertThat(oldClient(v1, 80001)).isEqualTo(patientOfFirstOrder);
                assertThat(newClientReads(v2)).isEqualTo(patientUuid);
                assertThatThrownBy(() -> newClientWrites(v2)).hasMessageContaining("needs its integer key id until the switch");
            }

            rekeys.switchKeys(false);
            try (Connection v1 = connect(db, rekeys, "v1"); Connection v2 = connect(db, rekeys, "v2")) {
                assertThat(oldClient(v1, 80002)).isEqualTo(patientOfFirstOrder);
                assertThat(newClientReads(v2)).isEqualTo(patientUuid);
                newClientWrites(v2);
                try (Statement st = v1.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM dispatch_order WHERE status = 'shipped' "
                        + "AND id IS NULL AND patient_id = 3")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("the new client's row, seen by the old one").isEqualTo(1);
                }
            }
            assertThat(RekeyClinic.mismatches(db)).isEmpty();

            db.exec("DELETE FROM dispatch_order WHERE id IS NULL");
            rekeys.abort(false);
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'public\\_v_'")).isZero();
        }
    }
}
