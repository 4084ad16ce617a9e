package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ferry drift} and {@code ferry schema dump/diff} through the real jar: a column dropped by hand is caught (exit 3). */
class DriftCliIT {
    @TempDir
    Path project;

    static Stream<TestServer> servers() {
        return Stream.of(TestServer.embeddedPostgres(), TestServer.mariaDb());
    }

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(project, Map.of(), args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aColumnDroppedByHandIsDriftAndADiffFromTheDumpNamesIt(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            String password = db.password() == null || db.password().isEmpty() ? "" : "    password: " + db.password() + "\n";
            write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + db.url() + "\n    user: " + db.user() + "\n"
                    + password);
            write(project.resolve("migrations/V1__customers.sql"),
                    "CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(200) NOT NULL, name VARCHAR(100));\n");
            assertThat(ferry("migrate").exitCode()).isZero();

            CliProcess.Result clean = ferry("drift");
            assertThat(clean.exitCode()).as(clean.stderr()).isZero();
            assertThat(clean.stdout()).contains("No drift on 'development'").contains("up to version 1");
            assertThat(ferry("schema", "dump", "-o", "schema.json").exitCode()).isZero();

            db.exec("ALTER TABLE customers DROP COLUMN name");
            CliProcess.Result drift = ferry("drift");
            assertThat(drift.exitCode()).isEqualTo(3);
            assertThat(drift.stdout()).contains("Drift on 'development': 1 change(s)").contains("removed column")
                    .contains("customers.name");
            assertThat(ferry("validate").exitCode()).as("validate compares files with history only").isZero();

            CliProcess.Result diff = ferry("schema", "diff", "schema.json");
            assertThat(diff.exitCode()).isEqualTo(3);
            assertThat(diff.stdout()).contains("1 difference(s) from schema.json to env:development").contains("customers.name");
        }
    }

    @org.junit.jupiter.api.Test
    void theReplayRunsInTheServerThatFerryScratchHomeNamesAndNotInTheProject(@TempDir Path scratchHome) throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + db.url() + "\n    user: " + db.user() + "\n");
            write(project.resolve("migrations/V1__customers.sql"), "CREATE TABLE customers (id INT PRIMARY KEY);\n");
            assertThat(ferry("migrate").exitCode()).isZero();

            CliProcess.Result drift = CliProcess.run(project, Map.of("FERRY_SCRATCH_HOME", scratchHome.toString()), "drift");

            assertThat(drift.exitCode()).as(drift.all()).isZero();
            assertThat(scratchHome).isDirectoryContaining(p -> p.getFileName().toString().startsWith("pg"));
            assertThat(project.resolve(".ferry/embedded")).doesNotExist();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aChangeMadeByHandBecomesTheNextMigrationAndTheDiffPrintsAsMarkdown(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            String password = db.password() == null || db.password().isEmpty() ? "" : "    password: " + db.password() + "\n";
            write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + db.url() + "\n    user: " + db.user() + "\n"
                    + password);
            write(project.resolve("migrations/V1__customers.sql"),
                    "CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(200) NOT NULL, name VARCHAR(100));\n");
            assertThat(ferry("migrate").exitCode()).isZero();
            db.exec("ALTER TABLE customers ADD COLUMN phone VARCHAR(20)", "ALTER TABLE customers DROP COLUMN name");

            CliProcess.Result markdown = ferry("schema", "diff", "--from", "migrations", "--format", "markdown");
            assertThat(markdown.exitCode()).isEqualTo(3);
            assertThat(markdown.stdout()).contains("### Schema changes from `migrations` to `env:development`")
                    .contains("2 difference(s): 1 added, 1 removed.").contains("#### Columns").contains("| added |");
            assertThat(ferry("schema", "diff", "--from", "migrations", "--format", "html").exitCode()).isEqualTo(2);
            assertThat(ferry("new", "phones", "--to", "env:development").exitCode()).as("--to needs --from-diff").isEqualTo(2);
            assertThat(ferry("new", "phones", "--from-diff", "--rename", "customers.name").exitCode()).isEqualTo(2);

            CliProcess.Result created = ferry("new", "phones", "--from-diff");
            assertThat(created.exitCode()).as(created.stderr()).isZero();
            assertThat(created.stdout()).contains("Created version 2 (flyway layout) from 2 difference(s) to env:development")
                    .contains("migrations/V2__phones.sql").contains("Review before running:").contains("data loss: drops column customers.name");
            assertThat(java.nio.file.Files.readString(project.resolve("migrations/V2__phones.sql"))).contains("-- phones")
                    .contains("ADD COLUMN").contains("DROP COLUMN");
            assertThat(ferry("schema", "diff", "--from", "migrations").exitCode()).as("the migrations now make the live schema").isZero();

            CliProcess.Result nothing = ferry("new", "again", "--from-diff");
            assertThat(nothing.exitCode()).isZero();
            assertThat(nothing.stdout()).contains("No difference from the migrations' schema to env:development: no migration written.");
        }
    }
}
