package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.ClinicData;
import dev.ferry.testing.RekeyClinic;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLI killed with SIGKILL in the middle of the backfill, or of the switch, then run again:
 * it resumes from what was committed and ends as an uninterrupted run does.
 */
class RekeyKillResumeIT {
    @TempDir
    Path project;

    @Test
    void expandKilledDuringTheBackfillResumesFromItsCheckpointAndEndsConsistent() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            killDuringTheBackfillThenResume(db, "CREATE UNIQUE INDEX CONCURRENTLY");
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM pg_constraint WHERE conname LIKE 'ferry\\_%' AND NOT convalidated")).isZero();
        }
    }

    @Test
    void switchKilledWhileBuildingAnIndexAndWhileWaitingForItsTransactionEndsAsAnUninterruptedSwitch() throws Exception {
        try (TestDatabase killed = TestServer.embeddedPostgres().create(); TestDatabase calm = TestServer.embeddedPostgres().create()) {
            Path other = Files.createDirectories(project.resolve("uninterrupted"));
            for (Object[] p : new Object[][] {{killed, project}, {calm, other}}) {
                TestDatabase db = (TestDatabase) p[0];
                Path dir = (Path) p[1];
                ClinicData.create(db.database(), 0.002);
                Files.writeString(dir.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + db.url() + "\n    user: postgres\n");
                RekeyClinic.plan(dir);
                CliProcess.Result expanded = CliProcess.run(dir, Map.of(), "rekey", "expand");
                assertThat(expanded.exitCode()).as(expanded.all()).isZero();
            }
            CliProcess.Result uninterrupted = CliProcess.run(other, Map.of(), "rekey", "switch");
            assertThat(uninterrupted.exitCode()).as(uninterrupted.all()).isZero();

            // An old client's open write transaction on the first table: the concurrent build of its integer index waits for it.
            try (Connection writer = killed.database().connect("old client"); Statement st = writer.createStatement()) {
                writer.setAutoCommit(false);
                st.execute("LOCK TABLE dispatch_office IN ROW EXCLUSIVE MODE");
                killWhenLogged("\"statement\":\"CREATE UNIQUE INDEX CONCURRENTLY", "rekey", "switch");
                writer.rollback();
            }
            assertThat(RekeyClinic.count(killed, "SELECT count(*) FROM pg_index WHERE NOT indisvalid"))
                    .as("the kill left a half-built index").isEqualTo(1);

            // An old client reading orders: the switch's one transaction waits for its exclusive locks.
            try (Connection reader = killed.database().connect("old client"); Statement st = reader.createStatement()) {
                reader.setAutoCommit(false);
                st.execute("LOCK TABLE dispatch_order IN ACCESS SHARE MODE");
                killWhenLogged("\"statement\":\"transaction of ", "rekey", "switch");
                reader.rollback();
            }
            assertThat(RekeyClinic.count(killed, "SELECT count(*) FROM ferry_rekey WHERE phase = 'switched'")).as("nothing switched").isZero();

            CliProcess.Result resumed = CliProcess.run(project, Map.of(), "rekey", "switch");
            assertThat(resumed.exitCode()).as(resumed.all()).isZero();
            assertThat(resumed.stdout()).contains("verification clean");
            assertThat(RekeyClinic.catalog(killed)).isEqualTo(RekeyClinic.catalog(calm));
            assertThat(RekeyClinic.rows(killed)).isEqualTo(RekeyClinic.rows(calm));
            assertThat(RekeyClinic.count(killed, "SELECT count(*) FROM ferry_rekey WHERE phase = 'switched'")).isEqualTo(5);
            assertThat(RekeyClinic.mismatches(killed)).isEmpty();
            CliProcess.Result status = CliProcess.run(project, Map.of(), "rekey", "status", "--json");
            assertThat(status.stdout()).contains("\"longestLocks\"").contains("\"phase\" : \"switch\"");
        }
    }

    /** Starts the CLI and kills it (SIGKILL) as soon as its run log shows a lock wait on the statement {@code logged} names. */
    private void killWhenLogged(String logged, String... args) throws Exception {
        Path logs = project.resolve(".ferry/logs");
        Set<Path> before = Files.isDirectory(logs) ? listed(logs) : Set.of();
        Process p = CliProcess.start(project, Map.of(), args);
        long deadline = System.currentTimeMillis() + 120_000;
        while (!waited(logs, before, logged) && System.currentTimeMillis() < deadline && p.isAlive()) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("still waiting on a lock when killed").isTrue();
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static boolean waited(Path logs, Set<Path> before, String logged) throws Exception {
        if (!Files.isDirectory(logs)) {
            return false;
        }
        for (Path log : listed(logs)) {
            if (!before.contains(log) && Files.readAllLines(log).stream().anyMatch(l -> l.contains("\"event\":\"lock_retry\"") && l.contains(logged))) {
                return true;
            }
        }
        return false;
    }

    private static Set<Path> listed(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.collect(Collectors.toSet());
        }
    }

    @Test
    void onMariaDbExpandKilledDuringTheBackfillResumesFromItsCheckpointAndEndsConsistent() throws Exception {
        try (TestDatabase db = TestServer.mariaDb().create()) {
            killDuringTheBackfillThenResume(db, "ADD UNIQUE INDEX IF NOT EXISTS");
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM ferry_rekey_saved WHERE kind = 'validated'"))
                    .as("every UUID foreign key validated").isEqualTo(5);
        }
    }

    private void killDuringTheBackfillThenResume(TestDatabase db, String uniqueIndexStatement) throws Exception {
        ClinicData.create(db.database(), 0.005);
        Files.writeString(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + db.url() + "\n    user: " + db.user() + "\n");
        RekeyClinic.plan(project);

        CliProcess.Result dry = CliProcess.run(project, Map.of(), "rekey", "expand", "--dry-run");
        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(dry.stdout()).contains(uniqueIndexStatement).contains("-- dry run: nothing was changed");

        Process p = CliProcess.start(project, Map.of(), "rekey", "expand", "--batch", "100", "--rate", "4000");
        long deadline = System.currentTimeMillis() + 120_000;
        while (backfilled(db) < 3000 && System.currentTimeMillis() < deadline && p.isAlive()) {
            Thread.sleep(50);
        }
        assertThat(p.isAlive()).as("still backfilling when killed").isTrue();
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long atKill = backfilled(db);
        assertThat(atKill).isGreaterThanOrEqualTo(3000);
        assertThat(RekeyClinic.count(db, "SELECT count(*) FROM ferry_rekey WHERE phase = 'expanded'")).isLessThan(5);

        CliProcess.Result status = CliProcess.run(project, Map.of(), "rekey", "status");
        assertThat(status.stdout()).contains("backfill");

        CliProcess.Result resumed = CliProcess.run(project, Map.of(), "rekey", "expand", "--batch", "500");
        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        assertThat(resumed.stdout()).contains("Expanded 5 table(s)");
        assertThat(RekeyClinic.count(db, "SELECT sum(backfill_rows) FROM ferry_rekey"))
                .as("no row backfilled twice").isEqualTo(RekeyClinic.count(db, "SELECT "
                        + "(SELECT count(*) FROM dispatch_office) + (SELECT count(*) FROM auth_user) + (SELECT count(*) FROM dispatch_doctor) "
                        + "+ (SELECT count(*) FROM dispatch_patient) + (SELECT count(*) FROM dispatch_order)"));
        assertThat(RekeyClinic.mismatches(db)).isEmpty();
        CliProcess.Result after = CliProcess.run(project, Map.of(), "rekey", "status", "--json");
        assertThat(after.stdout()).doesNotContain("\"backfill\"").contains("\"expanded\"");
        assertThat(project.resolve(".ferry/reports").toFile().list()).anyMatch(f -> f.endsWith("-rekey-expand.json"));
    }

    /** Rows the backfill has committed so far; 0 before expand has made its state table. */
    private static long backfilled(TestDatabase db) {
        try {
            return RekeyClinic.count(db, "SELECT COALESCE(sum(backfill_rows), 0) FROM ferry_rekey");
        } catch (Exception notYet) {
            return 0;
        }
    }
}
