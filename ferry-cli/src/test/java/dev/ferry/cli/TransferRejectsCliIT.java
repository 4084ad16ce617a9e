package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.run.Json;
import dev.ferry.testing.PeopleAndPets;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLI: 'transfer rejects' in each format and its exit codes, 'transfer retry', --entities
 * with --only and --group, and 'transfer rollback --entities'.
 */
class TransferRejectsCliIT {
    @TempDir
    Path project;

    @Test
    void rejectsAreListedInEachFormatAndRetryExitsThreeUntilNoneAreLeft() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            PeopleAndPets.create(source, target);
            setUp(source, target);
            CliProcess.Result run = ferry("transfer", "run", "-p", "plan.yaml", "--json");
            assertThat(run.exitCode()).as(run.all()).isZero();
            String runId = Json.mapper().readTree(run.stdout()).get("runId").asText();

            CliProcess.Result text = ferry("transfer", "rejects", runId, "-p", "plan.yaml");
            assertThat(text.exitCode()).as(text.all()).isZero();
            assertThat(text.stdout()).contains("people 17 [kind]: column kind: value 'x' has no entry in its map")
                    .contains("pets 34 [owner_id]: parent rejected: people 5").contains("\"kind\":\"x\"")
                    .contains("9 rejected row(s) of run " + runId);

            CliProcess.Result json = ferry("transfer", "rejects", runId, "-p", "plan.yaml", "--entity", "people", "--json");
            assertThat(json.exitCode()).as(json.all()).isZero();
            JsonNode rows = Json.mapper().readTree(json.stdout());
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0).get("entity").asText()).isEqualTo("people");
            assertThat(rows.findValuesAsText("column")).contains("kind", "name");

            CliProcess.Result csv = ferry("transfer", "rejects", runId, "-p", "plan.yaml", "--reason", "parent rejected", "--csv");
            assertThat(csv.exitCode()).as(csv.all()).isZero();
            assertThat(csv.stdout().lines()).hasSize(7).first().isEqualTo("entity,legacy_key,reason,failing_column,source_values,rejected_at");
            assertThat(csv.stdout()).contains("pets,4,parent rejected: people 5,owner_id,\"{\"\"id\"\":\"\"4\"\"");
            assertThat(ferry("transfer", "report", runId, "-p", "plan.yaml", "--format", "csv").stdout().lines()).hasSize(10);

            CliProcess.Result unknown = ferry("transfer", "rejects", runId, "-p", "plan.yaml", "--entity", "owners");
            assertThat(unknown.exitCode()).as(unknown.all()).isEqualTo(2);
            assertThat(unknown.stderr()).contains("no entity 'owners'");
            CliProcess.Result nothing = ferry("transfer", "rejects", runId, "-p", "plan.yaml", "--entity", "pets", "--reason", "check");
            assertThat(nothing.exitCode()).as(nothing.all()).isEqualTo(2);
            assertThat(nothing.stderr()).contains("No rejected row of run " + runId + " matches --entity pets --reason 'check'");
            assertThat(ferry("transfer", "rejects", "no-such-run", "-p", "plan.yaml").exitCode()).isEqualTo(2);

            source.exec("UPDATE legacy_people SET kind = 'c' WHERE id = 17");
            CliProcess.Result partly = ferry("transfer", "retry", runId, "-p", "plan.yaml");
            assertThat(partly.exitCode()).as(partly.all()).isEqualTo(3);
            assertThat(partly.stdout()).contains("3 row(s) landed, 6 still rejected");
            assertThat(Files.readAllLines(project.resolve(".ferry/reports/" + runId + "-rejects.csv"))).hasSize(7);

            PeopleAndPets.fixSource(source);
            CliProcess.Result rest = ferry("transfer", "retry", runId, "-p", "plan.yaml");
            assertThat(rest.exitCode()).as(rest.all()).isZero();
            assertThat(rest.stdout()).contains("6 row(s) landed, 0 still rejected");
            CliProcess.Result none = ferry("transfer", "rejects", runId, "-p", "plan.yaml");
            assertThat(none.exitCode()).isZero();
            assertThat(none.stdout()).contains("Run " + runId + " rejected no rows");
            CliProcess.Result verify = ferry("verify", "-p", "plan.yaml");
            assertThat(verify.exitCode()).as(verify.all()).isZero();
        }
    }

    @Test
    void onlyRefusesMissingParentsWithExitTwoAndAnEntityRollbackNamesItsChildrenAndResumes() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            PeopleAndPets.create(source, target);
            PeopleAndPets.fixSource(source);
            setUp(source, target);
            Files.writeString(project.resolve("plan.yaml"), Files.readString(project.resolve("plan.yaml")) + "groups:\n  owners: [people]\n");

            CliProcess.Result only = ferry("transfer", "run", "-p", "plan.yaml", "--entities", "pets", "--only");
            assertThat(only.exitCode()).as(only.all()).isEqualTo(2);
            assertThat(only.stderr()).contains("pets depends on people");
            CliProcess.Result group = ferry("transfer", "run", "-p", "plan.yaml", "--group", "core");
            assertThat(group.exitCode()).as(group.all()).isEqualTo(2);
            assertThat(group.stderr()).contains("no group 'core'");

            CliProcess.Result added = ferry("transfer", "run", "-p", "plan.yaml", "--entities", "pets");
            assertThat(added.exitCode()).as(added.all()).isZero();
            assertThat(added.stderr()).contains("Added people to the run: pets depends on people");
            JsonNode runs = Json.mapper().readTree(ferry("transfer", "list", "-p", "plan.yaml", "--json").stdout());
            String runId = runs.get(runs.size() - 1).get("id").asText();

            CliProcess.Result preview = ferry("transfer", "rollback", runId, "-p", "plan.yaml", "--entities", "people", "--dry-run");
            assertThat(preview.exitCode()).as(preview.all()).isZero();
            assertThat(preview.stdout()).contains("Children included: pets").contains("Dry run");
            CliProcess.Result unknown = ferry("transfer", "rollback", runId, "-p", "plan.yaml", "--entities", "owners");
            assertThat(unknown.exitCode()).as(unknown.all()).isEqualTo(2);
            CliProcess.Result pets = ferry("transfer", "rollback", runId, "-p", "plan.yaml", "--entities", "pets");
            assertThat(pets.exitCode()).as(pets.all()).isZero();
            assertThat(pets.stdout()).contains("removed 60 row(s)");
            assertThat(ferry("transfer", "status", runId, "-p", "plan.yaml").exitCode()).isEqualTo(3);
            CliProcess.Result resume = ferry("transfer", "run", "-p", "plan.yaml");
            assertThat(resume.exitCode()).as(resume.all()).isZero();
            assertThat(ferry("verify", "-p", "plan.yaml").exitCode()).isZero();
        }
    }

    private void setUp(TestDatabase source, TestDatabase target) throws Exception {
        write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + target.url() + "\n    user: " + target.user() + "\n");
        Path plan = PeopleAndPets.plan(project, source, target);
        assertThat(plan).isEqualTo(project.resolve("plan.yaml"));
    }

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(project, Map.of(), args);
    }
}
