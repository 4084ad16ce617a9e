package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -c FILE} through the real jar: the plan and the environments it names come from that file. */
class ProjectConfigCliIT {
    @TempDir
    Path project;

    @Test
    void transferPlanWithAnotherConfigFileUsesThatFilesPlanAndEnvironments() throws Exception {
        try (TestDatabase legacy = TestServer.embeddedPostgres().create(); TestDatabase app = TestServer.embeddedPostgres().create()) {
            legacy.exec("CREATE TABLE legacy_people (id INT PRIMARY KEY, name TEXT)",
                    "INSERT INTO legacy_people VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger')");
            app.exec("CREATE TABLE people (id UUID PRIMARY KEY, name TEXT)");
            write(project.resolve("conf/alt.yaml"), """
                    default_environment: app
                    transfer:
                      plan: plans/move.yaml
                    environments:
                      app:
                        url: %s
                        user: %s
                      legacy:
                        url: %s
                        user: %s
                    """.formatted(app.url(), app.user(), legacy.url(), legacy.user()));
            write(project.resolve("conf/plans/move.yaml"), "source: legacy\ntarget: app\nentities:\n"
                    + "  people:\n    from: legacy_people\n    to: people\n    key: {column: id}\n    columns:\n      name: name\n");

            CliProcess.Result fromFile = CliProcess.run(project, Map.of(), "transfer", "plan", "-c", "conf/alt.yaml");
            assertThat(fromFile.exitCode()).as(fromFile.stderr()).isZero();
            assertThat(fromFile.stdout()).contains("legacy_people").contains("3");

            CliProcess.Result named = CliProcess.run(project, Map.of(), "transfer", "plan", "-c", "conf/alt.yaml",
                    "-p", "conf/plans/move.yaml");
            assertThat(named.exitCode()).as(named.stderr()).isZero();
            assertThat(named.stdout()).contains("legacy_people").contains("3");
            assertThat(named.stderr()).doesNotContain("embedded");
        }
    }

    @Test
    void anotherEnvironmentsUnsetVariableStopsOnlyThatEnvironment() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            write(project.resolve("ferry.yaml"), """
                    default_environment: development

                    environments:
                      development:
                        url: %s
                        user: %s
                      staging:
                        url: jdbc:mariadb://staging-db:3306/app
                        user: app
                        password: ${env:STAGING_DB_PASSWORD}
                    """.formatted(db.url(), db.user()));

            CliProcess.Result development = CliProcess.run(project, Map.of(), "status");
            assertThat(development.exitCode()).as(development.all()).isZero();

            CliProcess.Result staging = CliProcess.run(project, Map.of(), "status", "-e", "staging");
            assertThat(staging.exitCode()).isEqualTo(2);
            assertThat(staging.stderr()).contains("ferry.yaml:10:5: environment variable STAGING_DB_PASSWORD is not set");
        }
    }
}
