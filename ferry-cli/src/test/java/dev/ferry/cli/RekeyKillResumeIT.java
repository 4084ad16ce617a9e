package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.ClinicData;
import dev.ferry.testing.RekeyClinic;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real CLI killed with SIGKILL in the middle of the backfill, then run again: it resumes from its checkpoint and finishes. */
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
