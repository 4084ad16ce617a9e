package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.ClinicData;
import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.plan.PlanLoader;
import dev.ferry.transfer.transform.Transforms;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferEngineTest {
    @TempDir
    Path dir;

    static Transfers transfers(Path plan, TestDatabase source, TestDatabase target, Path stateDir, TransferListener listener) {
        Transforms transforms = new Transforms(TransferEngineTest.class.getClassLoader());
        return new Transfers(new PlanLoader(Map.of(), transforms).load(plan),
                spec -> spec.url().equals(source.url()) ? source.database() : target.database(), transforms, stateDir, listener);
    }

    @Test
    void movesTheClinicIntoTheUuidSchemaWithReferencesRewritten() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            ClinicData.Counts n = ClinicProject.fillSource(source, 0.002);
            ClinicProject.migrateTarget(target, dir);
            Path plan = ClinicProject.plan(dir, source, target);
            TransferResult r = transfers(plan, source, target, dir.resolve(".ferry"), TransferListener.NONE).run(TransferOptions.DEFAULTS);
            assertThat(r.status()).isEqualTo("completed");
            long deletedOffices = count(source, "SELECT COUNT(*) FROM dispatch_office WHERE deleted");
            assertThat(count(target, "SELECT COUNT(*) FROM offices")).isEqualTo(n.offices() - deletedOffices);
            assertThat(count(target, "SELECT COUNT(*) FROM orders")).isEqualTo(n.orders());
            assertThat(count(target, "SELECT COUNT(*) FROM patients")).isEqualTo(n.patients());
            assertThat(count(target, "SELECT COUNT(*) FROM ferry_id_map")).isEqualTo(n.total() - deletedOffices);
            assertThat(count(target, "SELECT COUNT(*) FROM patients p JOIN doctors d ON d.id = p.doctor_id WHERE p.office_id <> d.office_id")).isZero();
            assertThat(count(source, "SELECT SUM(amount * 100)::bigint FROM dispatch_order")).isEqualTo(count(target, "SELECT SUM(amount * 100)::bigint FROM orders"));
            assertThat(r.entities()).extracting(EntityReport::entity).containsExactly("offices", "profiles", "doctors", "patients", "orders");
        }
    }

    static String lastRun(TestDatabase target) throws Exception {
        try (Connection c = target.database().connect("test"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT run_id FROM ferry_transfer_runs ORDER BY started_at DESC LIMIT 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static long count(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
