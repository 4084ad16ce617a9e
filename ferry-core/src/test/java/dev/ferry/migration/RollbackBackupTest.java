package dev.ferry.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.Ferry;
import dev.ferry.backup.ArchiveCheck;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A rollback's down scripts may drop tables with their rows: with backup_before_rollback, or on a protected environment, a backup comes first. */
class RollbackBackupTest {
    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    private EnvironmentSettings settings(TestDatabase db, boolean protectedEnvironment, boolean backupBeforeRollback) {
        Projects.write(dir.resolve("migrations/V1__notes.sql"), "CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(100));\n");
        Projects.write(dir.resolve("migrations/U1__notes.sql"), "DROP TABLE notes;\n");
        EnvironmentSettings s = Projects.settings(dir, db);
        return new EnvironmentSettings(s.name(), s.url(), s.user(), s.password(), protectedEnvironment, s.connectTimeout(), s.locations(),
                s.layout(), s.schemas(), s.historyTable(), s.placeholders(), s.placeholderReplacement(), s.lockTimeout(), s.outOfOrder(),
                s.projectDir(), Path.of("safety"), backupBeforeRollback, List.of());
    }

    private static RollbackResult migrateFillAndRollBack(Ferry ferry, TestDatabase db) throws Exception {
        ferry.migrations().migrate(MigrateOptions.DEFAULTS);
        db.exec("INSERT INTO notes VALUES (1, 'keep me'), (2, 'and me')");
        return ferry.migrations().rollback(RollbackOptions.steps(1), true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void backupBeforeRollbackTakesABackupHoldingTheRowsTheDownScriptDrops(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(settings(db, false, true))) {
            RollbackResult r = migrateFillAndRollBack(ferry, db);

            assertThat(r.rolledBack()).hasSize(1);
            Path archive = Path.of(r.backupArchive());
            assertThat(archive.getParent()).isEqualTo(dir.resolve("safety"));
            ArchiveCheck check = ferry.backups().verify(archive, null);
            assertThat(check.ok()).isTrue();
            assertThat(check.tables()).anySatisfy(t -> {
                assertThat(t.table()).endsWith("notes");
                assertThat(t.rows()).isEqualTo(2);
            });
            assertThat(dir.resolve(".ferry/logs/" + r.runId() + ".jsonl")).content().contains("backup_taken", archive.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aProtectedEnvironmentIsBackedUpBeforeARollbackEvenWhenNotAsked(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(settings(db, true, false))) {
            RollbackResult r = migrateFillAndRollBack(ferry, db);
            assertThat(r.backupArchive()).isNotNull();
            assertThat(Path.of(r.backupArchive())).exists();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void withoutTheSettingOrWithNothingToRollBackNoBackupIsTaken(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            try (Ferry ferry = Ferry.of(settings(db, false, false))) {
                assertThat(migrateFillAndRollBack(ferry, db).backupArchive()).isNull();
            }
            try (Ferry ferry = Ferry.of(settings(db, false, true))) {
                RollbackResult nothing = ferry.migrations().rollback(RollbackOptions.steps(1), true);
                assertThat(nothing.rolledBack()).isEmpty();
                assertThat(nothing.backupArchive()).isNull();
            }
            assertThat(Files.exists(dir.resolve("safety"))).isFalse();
        }
    }
}
