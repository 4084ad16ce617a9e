package dev.ferry.rekey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.RekeyClinic;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Analyze lists what depends on each key and says what must be resolved before which phase, changing nothing. */
class RekeyAnalyzeTest {
    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return RekeyClinic.postgres();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void listsForeignKeysViewsFunctionsAndIndexesAndTheBlockersTheyMake(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            db.exec("CREATE VIEW open_orders AS SELECT id, patient_id, amount FROM dispatch_order WHERE status = 'new'",
                    "CREATE FUNCTION patient_total(p int) RETURNS numeric LANGUAGE sql AS $$ SELECT sum(amount) FROM dispatch_order "
                            + "WHERE patient_id = p $$",
                    "CREATE INDEX order_by_patient ON dispatch_order (patient_id)",
                    "CREATE TABLE invoice (id INT PRIMARY KEY, order_id INT REFERENCES dispatch_order (id))");
            long columns = RekeyClinic.count(db, "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()");

            RekeyAnalysis a = rekeys.analyze();

            RekeyAnalysis.TableAnalysis orders = a.tables().stream().filter(t -> t.table().endsWith(".dispatch_order")).findFirst().orElseThrow();
            assertThat(orders.rows()).isEqualTo(1500);
            assertThat(orders.bytes()).isPositive();
            assertThat(orders.dependents()).extracting(RekeyAnalysis.Dependent::kind)
                    .contains("primary key", "foreign key", "view", "function", "index");
            assertThat(orders.dependents()).anyMatch(d -> d.kind().equals("foreign key") && d.name().contains("invoice"));
            assertThat(orders.locks()).anyMatch(l -> l.step().contains("CONCURRENTLY") && l.lock().equals("SHARE UPDATE EXCLUSIVE (writes go on)"));
            assertThat(a.blockers()).anyMatch(b -> b.blocks().equals("switch") && b.object().startsWith("invoice.") && b.action().contains("add invoice"));
            assertThat(orders.dependents()).filteredOn(d -> d.name().equals("open_orders"))
                    .allSatisfy(d -> assertThat(d.detail()).startsWith("rewritten by switch")).allSatisfy(d -> assertThat(d.followed()).isTrue());
            assertThat(a.blockers()).noneMatch(b -> b.object().contains("open_orders"));
            assertThat(a.blockers()).anyMatch(b -> b.blocks().equals("contract") && b.object().contains("patient_total")
                    && b.action().contains("rewrite its body"));
            assertThat(a.clearFor("expand")).isTrue();
            assertThat(a.clearFor("switch")).isFalse();
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()"))
                    .isEqualTo(columns);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aKeyThatIsNotThePrimaryKeyBlocksExpandAndExpandRefusesWithExitCodeThree(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            db.exec("ALTER TABLE dispatch_order DROP CONSTRAINT dispatch_order_pkey");

            RekeyAnalysis a = rekeys.analyze();

            assertThat(a.clearFor("expand")).isFalse();
            assertThat(a.blockers()).anyMatch(b -> b.blocks().equals("expand") && b.problem().contains("not the table's single-column primary key"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> rekeys.expand(ExpandOptions.DEFAULTS))
                    .isInstanceOfSatisfying(dev.ferry.FerryException.class, e -> assertThat(e.code().exitCode()).isEqualTo(3))
                    .hasMessageContaining("dispatch_order.id");
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'id_uuid'")).isZero();
        }
    }

    @org.junit.jupiter.api.Test
    void onMariaDbListsForeignKeysViewsAndRoutinesAndTheLocksOfOnlineRebuilds() throws Exception {
        try (TestDatabase db = TestServer.mariaDb().create()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            db.exec("CREATE VIEW open_orders AS SELECT id, patient_id, amount FROM dispatch_order WHERE status = 'new'",
                    "CREATE FUNCTION patient_total(p INT) RETURNS DECIMAL(14, 2) READS SQL DATA RETURN (SELECT sum(amount) FROM dispatch_order "
                            + "WHERE patient_id = p)",
                    "CREATE INDEX order_by_status ON dispatch_order (status, patient_id)",
                    "CREATE TABLE invoice (id INT PRIMARY KEY, order_id INT REFERENCES dispatch_order (id)) ENGINE=InnoDB");
            long columns = RekeyClinic.count(db, "SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()");

            RekeyAnalysis a = rekeys.analyze();

            RekeyAnalysis.TableAnalysis orders = a.tables().stream().filter(t -> t.table().endsWith(".dispatch_order")).findFirst().orElseThrow();
            assertThat(orders.rows()).isEqualTo(1500);
            assertThat(orders.bytes()).isPositive();
            assertThat(orders.dependents()).extracting(RekeyAnalysis.Dependent::kind).contains("primary key", "foreign key", "view", "function");
            assertThat(orders.dependents()).anyMatch(d -> d.kind().equals("foreign key") && d.name().startsWith("invoice."));
            assertThat(orders.locks()).anyMatch(l -> l.step().startsWith("switch: primary key") && l.lock().contains("writes go on"));
            assertThat(orders.usage().statements()).isNotBlank();
            assertThat(a.blockers()).anyMatch(b -> b.blocks().equals("switch") && b.object().startsWith("invoice.") && b.action().contains("add invoice"));
            assertThat(a.blockers()).anyMatch(b -> b.blocks().equals("contract") && b.object().contains("open_orders"));
            assertThat(a.blockers()).anyMatch(b -> b.blocks().equals("contract") && b.object().contains("patient_total"));
            assertThat(a.clearFor("expand")).isTrue();
            assertThat(a.clearFor("switch")).isFalse();
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()")).isEqualTo(columns);
        }
    }
}
