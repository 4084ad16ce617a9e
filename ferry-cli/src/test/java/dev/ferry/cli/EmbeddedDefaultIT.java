package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A project without a URL: Ferry starts its embedded PostgreSQL and the data survives between runs. */
class EmbeddedDefaultIT {
    @TempDir
    Path project;

    @Test
    void initThenMigrateOnTheEmbeddedDatabaseAndFindTheDataInTheNextRun() throws Exception {
        assertThat(CliProcess.run(project, Map.of(), "init").exitCode()).isZero();
        assertThat(project.resolve("ferry.yaml")).exists();
        assertThat(CliProcess.run(project, Map.of(), "init").exitCode()).isEqualTo(2);
        CliProcess.Result created = CliProcess.run(project, Map.of(), "new", "create offices");
        assertThat(created.exitCode()).as(created.all()).isZero();
        write(project.resolve("migrations/V1__create_offices.sql"), "CREATE TABLE offices (id INT PRIMARY KEY);\n");
        write(project.resolve("migrations/U1__create_offices.sql"), "DROP TABLE offices;\n");

        CliProcess.Result migrate = CliProcess.run(project, Map.of(), "migrate");
        assertThat(migrate.exitCode()).as(migrate.all()).isZero();
        assertThat(migrate.stderr()).containsOnlyOnce("Using the embedded PostgreSQL");
        assertThat(project.resolve(".ferry/embedded")).isDirectory();

        CliProcess.Result status = CliProcess.run(project, Map.of(), "status");
        assertThat(status.stdout()).contains("create offices").contains("applied");
        CliProcess.Result history = CliProcess.run(project, Map.of(), "history", "--json");
        assertThat(history.exitCode()).isZero();
        assertThat(history.stdout()).contains("V1__create_offices.sql");
    }
}
