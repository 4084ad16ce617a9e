package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.run.Json;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real CLI jar, in its own process: exit codes, messages, locks across processes, kill -9. */
class CliExitCodesIT {
    @TempDir
    Path project;

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(project, Map.of(), args);
    }

    private void projectFor(TestDatabase db, String extra) {
        String password = db.password() == null || db.password().isEmpty() ? "" : "    password: " + db.password() + "\n";
        write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + db.url() + "\n    user: " + db.user() + "\n"
                + password + extra + "  production:\n    url: " + db.url() + "\n    user: " + db.user() + "\n" + password
                + "    protected: true\n");
    }

    @Test
    void migrateSucceedsWithExitZeroAndJsonOutputParses() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            projectFor(db, "");
            write(project.resolve("migrations/V1__a.sql"), "CREATE TABLE a (id INT);\n");
            CliProcess.Result r = ferry("migrate", "--json");
            assertThat(r.exitCode()).as(r.all()).isZero();
            JsonNode json = Json.mapper().readTree(r.stdout());
            assertThat(json.get("applied")).hasSize(1);
            assertThat(json.get("runId").asText()).isNotBlank();
            CliProcess.Result status = ferry("status");
            assertThat(status.stdout()).contains("applied").contains("V1__a.sql".replace("V1__a.sql", "a"));
        }
    }

    @Test
    void invalidConfigurationExitsTwoWithOneLineAndNoStackTrace() throws Exception {
        write(project.resolve("ferry.yaml"), "environments:\n  development:\n    urll: x\n");
        CliProcess.Result r = ferry("status");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("ferry.yaml:3:5: unknown key 'urll'").doesNotContain("\tat ");
        assertThat(ferry("rollback", "--steps", "x").exitCode()).isEqualTo(2);
    }

    @Test
    void sqlErrorExitsOneNamingFileLineAndSqlStateAndVerboseShowsTheTrace() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            projectFor(db, "");
            write(project.resolve("migrations/V1__broken.sql"), "CREATE TABLE ok (id INT);\nCREATE TABLE broken (id NOSUCHTYPE);\n");
            CliProcess.Result r = ferry("migrate");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("V1__broken.sql line 2").contains("SQLState 42704").contains("rolled back")
                    .doesNotContain("\tat ");
            assertThat(ferry("migrate", "-v").stderr()).contains("\tat ");
        }
    }

    @Test
    void driftMakesValidateExitThree() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            projectFor(db, "");
            write(project.resolve("migrations/V1__a.sql"), "CREATE TABLE a (id INT);\n");
            assertThat(ferry("migrate").exitCode()).isZero();
            write(project.resolve("migrations/V1__a.sql"), "CREATE TABLE a (id BIGINT);\n");
            CliProcess.Result r = ferry("validate");
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.stdout()).contains("drifted").contains("V1__a.sql");
        }
    }

    @Test
    void destructiveCommandOnProtectedEnvironmentExitsFive() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            projectFor(db, "");
            write(project.resolve("migrations/V1__a.sql"), "CREATE TABLE a (id INT);\n");
            write(project.resolve("migrations/U1__a.sql"), "DROP TABLE a;\n");
            assertThat(ferry("migrate", "-e", "production").exitCode()).isZero();
            CliProcess.Result refused = ferry("rollback", "-e", "production");
            assertThat(refused.exitCode()).isEqualTo(5);
            assertThat(refused.stderr()).contains("protected").contains("--confirm");
            assertThat(ferry("clean", "-e", "production", "--yes").exitCode()).isEqualTo(5);
            assertThat(ferry("rollback", "-e", "production", "--confirm").exitCode()).isZero();
        }
    }

    @Test
    void verifyIntegrityExitsThreeWhenARuleAtErrorSeverityFails() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            projectFor(db, "");
            write(project.resolve("migrations/V1__orders.sql"), "CREATE TABLE orders (id INT PRIMARY KEY, amount NUMERIC(10, 2));\n"
                    + "INSERT INTO orders VALUES (1, 5), (2, 7);\n");
            write(project.resolve("rules/money.yaml"), "rules:\n  - name: no negative amounts\n    sql: SELECT id FROM orders WHERE amount < 0\n");
            assertThat(ferry("migrate").exitCode()).isZero();
            assertThat(ferry("verify", "integrity").exitCode()).isZero();
            try (Connection c = db.database().connect("test"); Statement st = c.createStatement()) {
                st.execute("UPDATE orders SET amount = -1 WHERE id = 2");
            }
            CliProcess.Result r = ferry("verify", "integrity", "--json");
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(Json.mapper().readTree(r.stdout()).get("findings").toString()).contains("no negative amounts").contains("\"2\"");
            assertThat(Files.list(project.resolve(".ferry/reports")).map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.endsWith("-verify.csv")).anyMatch(n -> n.endsWith("-verify.md"));
        }
    }

    @Test
    void verifyIntegrityNeverPassesOnAMissingRulesFolderOrARuleThatCannotRun() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            projectFor(db, "");
            CliProcess.Result typo = ferry("verify", "integrity", "--rules", "rulez");
            assertThat(typo.exitCode()).as(typo.all()).isEqualTo(2);
            assertThat(typo.stderr()).contains("rulez").contains("is not a folder of rule files");

            write(project.resolve("rules/broken.yaml"), "rules:\n  - name: no negative amounts\n    sql: SELECT id FROM orderz WHERE amount < 0\n");
            CliProcess.Result broken = ferry("verify", "integrity");
            assertThat(broken.exitCode()).as(broken.all()).isEqualTo(3);
            assertThat(broken.stdout()).contains("FAILED").contains("| rule | no negative amounts | error | not run |")
                    .contains("the rule's query fails").contains("orderz");
        }
    }

    @Test
    void verifyFixQuarantinesOrphansAndUndoPutsThemBack() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            projectFor(db, "");
            write(project.resolve("migrations/V1__t.sql"), "CREATE TABLE clinics (id INT PRIMARY KEY);\n"
                    + "CREATE TABLE visits (id INT PRIMARY KEY, clinic INT);\nINSERT INTO clinics VALUES (1);\n"
                    + "INSERT INTO visits VALUES (1, 1), (2, 7);\n"
                    // A composite primary key, and a child of the orphan visit 2 that moves with it.
                    + "CREATE TABLE visit_items (visit_id INT NOT NULL REFERENCES visits (id), line INT NOT NULL, PRIMARY KEY (visit_id, line));\n"
                    + "INSERT INTO visit_items VALUES (1, 1), (2, 1), (2, 2);\n");
            assertThat(ferry("migrate").exitCode()).isZero();
            String ref = "--reference=visits.clinic=clinics.id";
            assertThat(ferry("verify", "integrity", ref).exitCode()).isEqualTo(3);
            CliProcess.Result preview = ferry("verify", "integrity", ref, "--fix", "--dry-run");
            assertThat(preview.exitCode()).isZero();
            assertThat(preview.stdout()).contains("Dry run: would change 3 row(s)");
            assertThat(ferry("verify", "integrity", ref, "--fix", "-e", "production").exitCode()).isEqualTo(5);
            CliProcess.Result fixed = ferry("verify", "integrity", ref, "--fix");
            assertThat(fixed.exitCode()).as(fixed.all()).isZero();
            String run = fixed.stdout().replaceAll("(?s).*undo with 'ferry verify undo ([^']+)'.*", "$1");
            assertThat(SchemaCount.rows(db, "SELECT COUNT(*) FROM visits")).isEqualTo(1);
            assertThat(SchemaCount.rows(db, "SELECT COUNT(*) FROM visit_items")).isEqualTo(1);
            CliProcess.Result undone = ferry("verify", "undo", run);
            assertThat(undone.exitCode()).as(undone.all()).isZero();
            assertThat(SchemaCount.rows(db, "SELECT COUNT(*) FROM visits")).isEqualTo(2);
            assertThat(SchemaCount.rows(db, "SELECT COUNT(*) FROM visit_items")).isEqualTo(3);
        }
    }

    @Test
    void unreachableServerGivesOneClearLineWithinTheTimeout() throws Exception {
        write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: jdbc:postgresql://127.0.0.1:1/nothing\n    connect_timeout: 3s\n");
        long start = System.nanoTime();
        CliProcess.Result r = ferry("status");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(30);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).contains("Cannot reach PostgreSQL at 127.0.0.1:1");
    }

    @Test
    void wrongPasswordIsOneClearLineAndThePasswordAppearsNowhere() throws Exception {
        TestServer maria = TestServer.mariaDb();
        String user = "ferry_pw_" + Long.toHexString(System.nanoTime() & 0xffffff); // server-wide: unique per run
        try (TestDatabase db = maria.create()) {
            try (Connection c = db.database().connect("test"); Statement st = c.createStatement()) {
                st.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'Right-Secret-1'");
                st.execute("GRANT ALL ON " + db.name() + ".* TO '" + user + "'@'%'");
            }
            write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + db.url() + "\n    user: " + user + "\n"
                    + "    password: ${env:DB_PASSWORD}\n");
            write(project.resolve("migrations/V1__a.sql"), "CREATE TABLE a (id INT);\n");
            CliProcess.Result wrong = CliProcess.run(project, Map.of("DB_PASSWORD", "Wrong-Secret-2"), "status");
            assertThat(wrong.exitCode()).isEqualTo(1);
            assertThat(wrong.stderr()).contains("rejected the login as user '" + user + "' for " + db.url())
                    .doesNotContain("Wrong-Secret-2");
            // No user in ferry.yaml: the one in the URL is the one sent, and the message says so.
            String inUrl = db.url() + (db.url().contains("?") ? "&" : "?") + "user=" + user + "&password=Wrong-Secret-3";
            Path other = project.resolve("url-user");
            write(other.resolve("ferry.yaml"), "environments:\n  development:\n    url: \"" + inUrl + "\"\n");
            CliProcess.Result urlUser = CliProcess.run(other, Map.of(), "status");
            assertThat(urlUser.exitCode()).as(urlUser.all()).isEqualTo(1);
            assertThat(urlUser.stderr()).contains("rejected the login as user '" + user + "' for ").contains("password=***")
                    .doesNotContain("Wrong-Secret-3");
            CliProcess.Result ok = CliProcess.run(project, Map.of("DB_PASSWORD", "Right-Secret-1"), "migrate", "--url",
                    db.url() + "?password=Right-Secret-1");
            assertThat(ok.exitCode()).as(ok.all()).isZero();
            assertThat(ok.all()).doesNotContain("Right-Secret-1");
            try (Stream<Path> files = Files.walk(project.resolve(".ferry"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(f)).as(f.toString()).doesNotContain("Right-Secret-1");
                }
            }
        } finally {
            // The user is server-wide; leave nothing behind.
            try (TestDatabase db = maria.create(); Connection c = db.database().connect("test"); Statement st = c.createStatement()) {
                st.execute("DROP USER IF EXISTS '" + user + "'@'%'");
            } catch (RuntimeException ignored) {
                // MariaDB unreachable: the test was skipped already.
            }
        }
    }

    @Test
    void secondProcessWaitsForTheLockOrExitsFourNamingTheHolder() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            projectFor(db, "");
            // The first migration waits on a lock the test holds, so it holds Ferry's lock for exactly as long as the test needs.
            write(project.resolve("migrations/V1__slow.sql"), "CREATE TABLE slow (id INT);\nSELECT pg_advisory_lock(424242);\n"
                    + "SELECT pg_advisory_unlock(424242);\n");
            Process first;
            try (Connection gate = db.database().connect("test gate"); Statement st = gate.createStatement()) {
                st.execute("SELECT pg_advisory_lock(424242)");
                first = CliProcess.start(project, Map.of(), "migrate");
                waitForLockHolder(db, 2);
                CliProcess.Result impatient = ferry("migrate", "--lock-timeout", "1s");
                assertThat(impatient.exitCode()).as(impatient.all()).isEqualTo(4);
                assertThat(impatient.stderr()).contains("holds the lock").contains("ferry migrate");
            }
            CliProcess.Result patient = ferry("migrate", "--lock-timeout", "60s");
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).isZero();
            assertThat(patient.exitCode()).as(patient.all()).isZero();
            assertThat(patient.stdout()).contains("up to date");
            assertThat(SchemaCount.rows(db, "SELECT COUNT(*) FROM ferry_schema_history")).isEqualTo(1);
        }
    }

    @Test
    void killedMigratorLeavesNoStuckLock() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            projectFor(db, "");
            write(project.resolve("migrations/V1__slow.sql"), "CREATE TABLE slow (id INT);\nSELECT pg_sleep(3);\n");
            Process victim = CliProcess.start(project, Map.of(), "migrate");
            waitForLockHolder(db, 1);
            victim.destroyForcibly();
            assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
            CliProcess.Result after = ferry("migrate", "--lock-timeout", "30s");
            assertThat(after.exitCode()).as(after.all()).isZero();
            assertThat(after.stdout()).contains("1 migration(s)");
        }
    }

    /** Waits until {@code held} advisory locks are granted (Ferry's, plus any the test holds itself). */
    private static void waitForLockHolder(TestDatabase db, int held) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (SchemaCount.rows(db, "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                    + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") >= held) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the first ferry process never took the lock");
    }
}
