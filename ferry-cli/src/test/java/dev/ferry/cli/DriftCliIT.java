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
}
