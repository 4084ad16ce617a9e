package dev.ferry.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.config.ConfigOverrides;
import dev.ferry.testing.Fingerprint;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whole-database restores: in place over tables with foreign keys and an audit trail, and into another environment. */
class WholeDatabaseRestoreTest {
    private static final List<String> TABLES = List.of("owners", "pets", "kinds", "ferry_audit");

    @TempDir
    Path project;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    private void config(TestDatabase source, TestDatabase drill) throws Exception {
        Files.writeString(project.resolve("ferry.yaml"), "environments:\n"
                + "  development:\n    url: " + source.url() + "\n    user: " + source.user() + "\n"
                + "  drill:\n    url: " + drill.url() + "\n    user: " + drill.user() + "\n"
                + "protected_data:\n  tables:\n    kinds:\n      key: [code]\n");
    }

    private static void schema(TestDatabase db) throws Exception {
        db.exec("CREATE TABLE kinds (code VARCHAR(10) PRIMARY KEY, name VARCHAR(40))",
                "CREATE TABLE owners (id INT PRIMARY KEY, name VARCHAR(40))",
                "CREATE TABLE pets (id INT PRIMARY KEY, owner_id INT NOT NULL REFERENCES owners (id) ON DELETE CASCADE, "
                        + "kind VARCHAR(10) REFERENCES kinds (code), name VARCHAR(40))");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void theWholeDatabaseIsRestoredInPlaceWithItsForeignKeysAndAuditTrail(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase drill = server.create()) {
            config(source, drill);
            schema(source);
            try (Ferry ferry = Ferry.load(project, null, ConfigOverrides.NONE)) {
                ferry.protection().install();
                source.exec("INSERT INTO kinds VALUES ('cat', 'Cat'), ('dog', 'Dog')",
                        "INSERT INTO owners VALUES (1, 'Ann'), (2, 'Bob')",
                        "INSERT INTO pets VALUES (1, 1, 'cat', 'Tom'), (2, 1, 'dog', 'Rex'), (3, 2, 'cat', 'Kit')");
                String before = fingerprints(source);
                BackupResult backup = ferry.backups().backup(BackupOptions.DEFAULTS);
                assertThat(backup.tables()).extracting(t -> t.table().replaceAll("^.*\\.", "")).containsAll(TABLES);

                source.exec("DELETE FROM owners WHERE id = 2", "UPDATE kinds SET name = 'changed'", "INSERT INTO owners VALUES (3, 'new')");
                assertThat(fingerprints(source)).isNotEqualTo(before);

                ferry.backups().restore(RestoreOptions.of(backup.archive()).withConfirmed(true));
                assertThat(fingerprints(source)).as("every table, the audit trail too, as archived").isEqualTo(before);

                ferry.backups().restore(RestoreOptions.of(backup.archive()).withInto("drill").withConfirmed(true));
                assertThat(fingerprints(drill)).isEqualTo(before);
            }
            source.exec("INSERT INTO pets VALUES (4, 2, 'dog', 'Max')");
            assertThatThrownBy(() -> source.exec("INSERT INTO pets VALUES (5, 99, 'dog', 'Orphan')"))
                    .as("the foreign keys are in force after the restore").hasMessageContaining("foreign key");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aFailedRestoreIntoAnotherEnvironmentLeavesNoTableItCreated(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase drill = server.create()) {
            config(source, drill);
            schema(source);
            source.exec("INSERT INTO kinds VALUES ('cat', 'Cat')", "INSERT INTO owners VALUES (1, 'Ann with a long name')",
                    "INSERT INTO pets VALUES (1, 1, 'cat', 'Tom')");
            // The drill has one of the tables already, too narrow for the archived rows: its load fails after the others were created.
            drill.exec("CREATE TABLE owners (id INT PRIMARY KEY, name VARCHAR(3))");
            try (Ferry ferry = Ferry.load(project, null, ConfigOverrides.NONE)) {
                BackupResult backup = ferry.backups().backup(BackupOptions.DEFAULTS);

                assertThatThrownBy(() -> ferry.backups().restore(RestoreOptions.of(backup.archive()).withInto("drill").withConfirmed(true)))
                        .isInstanceOf(FerryException.class).hasMessageContaining("rolled back").hasMessageNotContaining("could not");
            }
            assertThat(ExactRestoreTest.strings(drill, drill.isMariaDb()
                    ? "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                    : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).containsExactly("owners");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void restoringAParentAloneThatWouldLeaveRowsWithoutTheirParentIsRolledBack(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase drill = server.create()) {
            config(source, drill);
            schema(source);
            source.exec("INSERT INTO kinds VALUES ('cat', 'Cat')", "INSERT INTO owners VALUES (1, 'Ann')", "INSERT INTO pets VALUES (1, 1, 'cat', 'Tom')");
            try (Ferry ferry = Ferry.load(project, null, ConfigOverrides.NONE)) {
                ferry.protection().install();
                BackupResult backup = ferry.backups().backup(BackupOptions.DEFAULTS);
                source.exec("INSERT INTO owners VALUES (2, 'Bob')", "INSERT INTO pets VALUES (2, 2, 'cat', 'Kit')");
                String before = fingerprints(source);

                // The archive's owners lack Bob, whom a pet that stays refers to.
                assertThatThrownBy(() -> ferry.backups().restore(RestoreOptions.of(backup.archive()).withTables(List.of("owners"))
                        .withConfirmed(true))).isInstanceOf(FerryException.class).hasMessageContaining("rolled back");
                assertThat(fingerprints(source)).isEqualTo(before);
            }
        }
    }

    private static String fingerprints(TestDatabase db) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String t : TABLES) {
            out.append(t).append(' ').append(Fingerprint.of(db, t)).append('\n');
        }
        return out.toString();
    }
}
