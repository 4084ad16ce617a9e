package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLI killed with SIGKILL at several points of a transfer, then resumed: the target ends
 * up identical to an uninterrupted run, with no duplicate and no gap.
 */
class TransferKillResumeIT {
    @TempDir
    Path project;

    @Test
    void killedThreeTimesThenResumedEqualsAnUninterruptedRun() throws Exception {
        try (TestDatabase legacy = TestServer.embeddedPostgres().create();
             TestDatabase target = TestServer.embeddedPostgres().create();
             TestDatabase reference = TestServer.embeddedPostgres().create()) {
            ClinicProject.fillSource(legacy, 0.02);
            writeProject(legacy, target, reference);
            assertThat(ferry(Map.of(), "migrate", "-q").exitCode()).isZero();
            assertThat(ferry(Map.of(), "migrate", "-q", "-e", "reference").exitCode()).isZero();

            CliProcess.Result uninterrupted = ferry(Map.of(), "transfer", "run", "-p", "reference.yaml", "-q");
            assertThat(uninterrupted.exitCode()).as(uninterrupted.all()).isZero();

            for (long killAt : List.of(2_000L, 30_000L, 60_000L)) {
                Process p = CliProcess.start(project, Map.of(), "transfer", "run", "--batch-size", "500", "--max-concurrency", "1");
                waitForProgress(target, killAt, p);
                p.destroyForcibly();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(rowsRead(target)).as("progress survived the kill").isGreaterThanOrEqualTo(killAt);
            }
            CliProcess.Result resumed = ferry(Map.of(), "transfer", "run", "--batch-size", "500", "--events", "events.jsonl");
            assertThat(resumed.exitCode()).as(resumed.all()).isZero();
            assertThat(resumed.stderr()).contains("Resuming run");
            List<String> events = Files.readAllLines(project.resolve("events.jsonl"));
            assertThat(events.get(0)).matches("\\{\"time\":\"[^\"]+\",\"run\":\"[^\"]+\",\"event\":\"run_started\",\"resumed\":true,"
                    + "\"entities\":\\[.*\\],\"expected_rows\":\\{.*\\}\\}");
            assertThat(events).anyMatch(e -> e.matches(".*\"event\":\"batch_committed\",\"entity\":\"\\w+\",\"slice\":\\d+,\"rows\":\\d+,"
                    + "\"written\":\\d+,\"rejected\":\\d+,\"last_key\":\"[^\"]+\",\"commit_ms\":\\d+,\"batch_size\":500\\}"));
            assertThat(events.get(events.size() - 1)).endsWith("\"event\":\"run_finished\",\"status\":\"completed\"}");

            for (String table : ClinicProject.targetTables()) {
                assertThat(fingerprint(target, table)).as(table).isEqualTo(fingerprint(reference, table));
            }
            assertThat(fingerprint(target, "(SELECT entity, legacy_key, new_key FROM ferry_id_map)"))
                    .isEqualTo(fingerprint(reference, "(SELECT entity, legacy_key, new_key FROM ferry_id_map)"));
            assertThat(count(target, "SELECT COUNT(*) FROM ferry_transfer_runs")).isEqualTo(1);
            assertThat(count(target, "SELECT COUNT(*) FROM pg_constraint WHERE conrelid = 'patients'::regclass AND contype = 'f'")).isEqualTo(3);
            // The keys set aside for the load are back, on the resumed target as on the uninterrupted one.
            String keys = "SELECT COUNT(*) FROM pg_constraint WHERE contype = 'p' AND conrelid IN ('patients'::regclass, 'orders'::regclass, "
                    + "'ferry_id_map'::regclass)";
            assertThat(count(target, keys)).isEqualTo(3);
            assertThat(count(reference, keys)).isEqualTo(3);
            CliProcess.Result status = ferry(Map.of(), "transfer", "status");
            assertThat(status.stdout()).contains("completed").contains("orders");
        }
    }

    private void writeProject(TestDatabase legacy, TestDatabase target, TestDatabase reference) throws IOException {
        Path example = ClinicProject.exampleDir();
        ClinicProject.copyMigrations(project);
        Files.writeString(project.resolve("ferry.yaml"), "transfer:\n  plan: transfer.yaml\nenvironments:\n"
                + "  development:\n    url: " + target.url() + "\n    user: postgres\n"
                + "  legacy:\n    url: " + legacy.url() + "\n    user: postgres\n"
                + "  reference:\n    url: " + reference.url() + "\n    user: postgres\n");
        String plan = Files.readString(example.resolve("transfer.yaml"));
        Files.writeString(project.resolve("transfer.yaml"), plan);
        Files.writeString(project.resolve("reference.yaml"), plan.replace("target: development", "target: reference"));
    }

    private CliProcess.Result ferry(Map<String, String> env, String... args) throws Exception {
        return CliProcess.run(project, env, args);
    }

    private static void waitForProgress(TestDatabase target, long rows, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("the transfer ended (exit " + p.exitValue() + ") before " + rows + " rows were read");
            }
            if (rowsRead(target) >= rows) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no progress to " + rows + " rows within 120 s");
    }

    private static long rowsRead(TestDatabase target) {
        try {
            return count(target, "SELECT COALESCE(SUM(rows_read), 0) FROM ferry_transfer_checkpoints");
        } catch (IllegalStateException e) {
            return 0;
        }
    }

    private static String fingerprint(TestDatabase db, String table) throws SQLException {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) || ':' || md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) FROM "
                     + table + " t")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long count(TestDatabase db, String sql) {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException | RuntimeException e) {
            throw new IllegalStateException(e);
        }
    }
}
