package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.run.Json;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real CLI: 'transfer status' fails for a failed run, and 'transfer list' says which run's rows a later --fresh deleted. */
class TransferRunStateCliIT {
    @TempDir
    Path project;

    @Test
    void statusExitsThreeForAFailedRunAndListMarksARunWhoseRowsFreshDeleted() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec("CREATE TABLE legacy_people (id INT PRIMARY KEY, kind TEXT)",
                    "INSERT INTO legacy_people SELECT g, CASE WHEN g % 2 = 0 THEN 'a' ELSE 'c' END FROM generate_series(1, 20) g",
                    "UPDATE legacy_people SET kind = 'x' WHERE id = 7");
            target.exec("CREATE TABLE people (id UUID PRIMARY KEY, kind VARCHAR(10) NOT NULL)");
            write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + target.url() + "\n    user: " + target.user() + "\n");
            Projects.transferPlan(project.resolve("transfer.yaml"), source, target, "defaults:\n  max_rejects: 0\nentities:\n"
                    + "  people:\n    from: legacy_people\n    to: people\n    key: {column: id}\n    columns:\n"
                    + "      kind: {from: kind, map: {a: adult, c: child}}\n");

            CliProcess.Result failedRun = ferry("transfer", "run");
            assertThat(failedRun.exitCode()).as(failedRun.all()).isNotZero();
            CliProcess.Result status = ferry("transfer", "status");
            assertThat(status.exitCode()).as(status.all()).isEqualTo(3);
            assertThat(status.stdout()).contains(": failed");
            assertThat(ferry("transfer", "status", "--json").exitCode()).isEqualTo(3);

            source.exec("UPDATE legacy_people SET kind = 'a' WHERE id = 7");
            CliProcess.Result first = ferry("transfer", "run", "--fresh", "--json");
            assertThat(first.exitCode()).as(first.all()).isZero();
            assertThat(ferry("transfer", "status").exitCode()).isZero();
            String firstRun = Json.mapper().readTree(first.stdout()).get("runId").asText();

            CliProcess.Result second = ferry("transfer", "run", "--fresh");
            assertThat(second.exitCode()).as(second.all()).isZero();
            // Each table is named as it is emptied, before the run starts, not only in the summary at the end.
            assertThat(second.stderr()).contains("--fresh: deleted 20 rows from public.people\n");
            assertThat(second.stderr().indexOf("--fresh: deleted 20 rows from public.people"))
                    .isLessThan(second.stderr().indexOf("Starting transfer run"));
            assertThat(ferry("transfer", "list").stdout()).containsPattern(firstRun + "\\s+deleted_by_fresh");
        }
    }

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(project, Map.of(), args);
    }
}
