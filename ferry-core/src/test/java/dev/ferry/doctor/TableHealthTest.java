package dev.ferry.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.Ferry;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Doctor reads each database's own statistics: dead rows, invalid indexes, key generators near their maximum. */
class TableHealthTest {
    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    static Stream<TestServer> postgres() {
        return TestServer.all().filter(s -> s.kind() == TestServer.Kind.POSTGRES);
    }

    static Stream<TestServer> mariaDb() {
        return Stream.of(TestServer.mariaDb());
    }

    private List<DoctorFinding> health(TestDatabase db) {
        try (Ferry ferry = Ferry.of(Projects.settings(dir, db))) {
            return ferry.doctor(DoctorOptions.CHECK_ONLY).findings().stream().filter(f -> f.check().equals("table health")).toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void healthyTablesGiveOneOkFinding(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            db.exec("CREATE TABLE small (id INT PRIMARY KEY)", "INSERT INTO small VALUES (1), (2)");
            assertThat(health(db)).singleElement().satisfies(f -> {
                assertThat(f.status()).isEqualTo(DoctorFinding.Status.OK);
                assertThat(f.message()).contains("no invalid index");
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postgres")
    void postgresDeadRowsInvalidIndexAndSequenceNearItsMaximumAreReported(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            db.exec("CREATE TABLE churn (id INT PRIMARY KEY, pad TEXT) WITH (autovacuum_enabled = false)",
                    "INSERT INTO churn SELECT g, repeat('x', 50) FROM generate_series(1, 5000) g",
                    "DELETE FROM churn WHERE id > 500",
                    "CREATE TABLE dupes (v INT)", "INSERT INTO dupes VALUES (1), (1)",
                    "CREATE TABLE tickets (id SERIAL PRIMARY KEY)",
                    "SELECT setval('tickets_id_seq', 2000000000)");
            assertThatThrownBy(() -> db.exec("CREATE UNIQUE INDEX CONCURRENTLY dupes_v ON dupes (v)")).isInstanceOf(SQLException.class);
            waitForDeadRows(db, "churn", 4500);

            List<DoctorFinding> found = health(db);

            assertThat(found).anySatisfy(f -> {
                assertThat(f.status()).isEqualTo(DoctorFinding.Status.WARNING);
                assertThat(f.message()).startsWith("dead rows: public.churn: 4500 dead row(s) beside 500 live; last vacuum never");
                assertThat(f.recommendation()).contains("VACUUM (ANALYZE) public.churn");
            });
            assertThat(found).anySatisfy(f -> {
                assertThat(f.status()).isEqualTo(DoctorFinding.Status.PROBLEM);
                assertThat(f.message()).startsWith("invalid index: public.dupes_v on public.dupes is invalid");
            });
            assertThat(found).anySatisfy(f -> {
                assertThat(f.status()).isEqualTo(DoctorFinding.Status.WARNING);
                assertThat(f.message()).isEqualTo("sequence: public.tickets_id_seq is at 2000000000 of its maximum 2147483647 (93% used)");
            });
            assertThat(found).hasSize(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mariaDb")
    void mariaDbAutoIncrementNearTheColumnTypesMaximumIsReported(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            db.exec("CREATE TABLE tiny (id TINYINT AUTO_INCREMENT PRIMARY KEY, v INT) AUTO_INCREMENT = 120",
                    "CREATE TABLE roomy (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY) AUTO_INCREMENT = 120",
                    "INSERT INTO tiny (v) VALUES (1)");
            assertThat(health(db)).singleElement().satisfies(f -> {
                assertThat(f.status()).isEqualTo(DoctorFinding.Status.WARNING);
                assertThat(f.message()).isEqualTo("auto_increment: " + db.name() + ".tiny.id is at 120 of its tinyint(4) maximum 127 (94% used)");
            });
        }
    }

    /** Statistics reach the views a moment after the writing session reports them; wait for them rather than sleep. */
    private static void waitForDeadRows(TestDatabase db, String table, long dead) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Connection c = db.database().connect("test"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = '" + table + "'")) {
                if (rs.next() && rs.getLong(1) >= dead) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the statistics never showed " + dead + " dead rows in " + table);
    }
}
