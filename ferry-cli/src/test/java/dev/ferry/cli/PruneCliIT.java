package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ferry prune as a separate process: its exit codes, --dry-run, and backup_dir used by backup and prune alike. */
class PruneCliIT {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @TempDir
    Path project;

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(project, Map.of(), args);
    }

    private void config(TestDatabase db, String more) {
        write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + db.url() + "\n    user: " + db.user() + "\n" + more);
    }

    private List<String> archives() throws Exception {
        try (Stream<Path> files = Files.list(project.resolve("vault"))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** Renames the single archive in vault/ to one taken {@code days} ago at noon, and copies it to older days. */
    private List<String> ageArchive(int... days) throws Exception {
        Path taken = project.resolve("vault").resolve(archives().get(0));
        for (int i = days.length - 1; i >= 0; i--) {
            Path older = taken.resolveSibling("development_" + STAMP.format(LocalDate.now(ZoneOffset.UTC).minusDays(days[i]).atTime(12, 0)
                    .toInstant(ZoneOffset.UTC)) + ".fbk");
            Files.copy(taken, older);
        }
        Files.delete(taken);
        return archives();
    }

    @Test
    void dryRunDeletesNothingThenPruneDeletesWhatNoRuleKeepsButTheNewestValidBackup() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            db.exec("CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)");
            config(db, "backup_dir: vault\nretention:\n  backups: {max_age: 1d, warn_if_none_within: 2d}\n");
            assertThat(ferry("backup", "-q").exitCode()).isZero();
            List<String> before = ageArchive(3, 4, 5);

            CliProcess.Result dry = ferry("prune", "--dry-run");
            assertThat(dry.exitCode()).as(dry.all()).isZero();
            assertThat(dry.stdout()).contains("would delete 2 item(s); nothing was deleted")
                    .contains("newest valid backup of 'development' (read back and verified)");
            assertThat(archives()).isEqualTo(before);

            CliProcess.Result pruned = ferry("prune", "--json");
            assertThat(pruned.exitCode()).as(pruned.all()).isZero();
            assertThat(pruned.stdout()).contains("\"runId\"").contains("\"kind\" : \"BACKUPS\"");
            assertThat(archives()).containsExactly(before.get(2));

            CliProcess.Result doctor = ferry("doctor");
            assertThat(doctor.stdout()).contains("newest is vault/" + before.get(2)).contains("none newer than 2d").contains("take a new backup");
        }
    }

    @Test
    void withoutRetentionOrWithABadRulePruneExitsTwoAndSaysWhy() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            config(db, "");
            CliProcess.Result none = ferry("prune");
            assertThat(none.exitCode()).as(none.all()).isEqualTo(2);
            assertThat(none.stderr()).contains("no retention: section").contains("deleted nothing");

            config(db, "retention:\n  runs: {keep_last: -1}\n");
            CliProcess.Result bad = ferry("prune", "--dry-run");
            assertThat(bad.exitCode()).as(bad.all()).isEqualTo(2);
            assertThat(bad.stderr()).contains("ferry.yaml:6:10: retention.runs.keep_last must be at least 1, not -1");
        }
    }

    @Test
    void aProtectedEnvironmentIsPrunedOnlyWithConfirm() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            db.exec("CREATE TABLE t (id INT PRIMARY KEY)");
            config(db, "    protected: true\nbackup_dir: vault\nretention:\n  backups: {keep_last: 1}\n");
            assertThat(ferry("backup", "-q").exitCode()).isZero();
            List<String> before = ageArchive(2, 3);

            CliProcess.Result refused = ferry("prune");
            assertThat(refused.exitCode()).as(refused.all()).isEqualTo(5);
            assertThat(refused.stderr()).contains("without --confirm").contains("Nothing was deleted");
            assertThat(archives()).isEqualTo(before);

            CliProcess.Result confirmed = ferry("prune", "--confirm", "-q");
            assertThat(confirmed.exitCode()).as(confirmed.all()).isZero();
            assertThat(confirmed.stdout().strip()).startsWith("Pruned development: deleted 1 item(s)");
            assertThat(archives()).containsExactly(before.get(1));
        }
    }
}
