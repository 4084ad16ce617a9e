package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.ClinicData;
import dev.ferry.testing.RekeyClinic;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rekey phases through the real CLI: output, exit codes and refusals. */
class RekeyCliIT {
    @TempDir
    Path project;

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(project, Map.of(), args);
    }

    @Test
    void analyzeExpandCompatSwitchAndAbortThroughTheCli() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            ClinicData.create(db.database(), 0.0005);
            Files.writeString(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + db.url() + "\n    user: postgres\n");
            RekeyClinic.plan(project);

            CliProcess.Result analyze = ferry("rekey", "analyze", "--format", "markdown");
            assertThat(analyze.exitCode()).as(analyze.all()).isZero();
            assertThat(analyze.stdout()).contains("# Rekey analysis of").contains("| foreign key |").contains("## Blockers");

            CliProcess.Result tooEarly = ferry("rekey", "switch");
            assertThat(tooEarly.exitCode()).as(tooEarly.all()).isEqualTo(5);
            assertThat(tooEarly.stderr()).contains("not expanded; run 'ferry rekey expand'");
            CliProcess.Result compatTooEarly = ferry("compat", "create");
            assertThat(compatTooEarly.exitCode()).as(compatTooEarly.all()).isEqualTo(5);

            assertThat(ferry("rekey", "expand", "-q").exitCode()).isZero();
            CliProcess.Result compat = ferry("compat", "create");
            assertThat(compat.exitCode()).as(compat.all()).isZero();
            assertThat(compat.stdout()).contains("Created 10 view(s) in public_v1 and public_v2");
            assertThat(ferry("compat", "url", "--version", "v1").stdout().strip()).endsWith("currentSchema=public_v1,public");
            assertThat(ferry("compat", "url", "--version", "v3").exitCode()).isEqualTo(2);

            CliProcess.Result switched = ferry("rekey", "switch");
            assertThat(switched.exitCode()).as(switched.all()).isZero();
            assertThat(switched.stdout()).contains("verification clean").contains("dispatch_order");
            assertThat(ferry("rekey", "status").stdout()).contains("switched");

            CliProcess.Result aborted = ferry("rekey", "abort");
            assertThat(aborted.exitCode()).as(aborted.all()).isZero();
            assertThat(aborted.stdout()).contains("have their integer keys back");
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.columns WHERE column_name LIKE '%\\_uuid'")).isZero();
            assertThat(project.resolve(".ferry/reports").toFile().list()).anyMatch(f -> f.endsWith("-rekey-switch.json"))
                    .anyMatch(f -> f.endsWith("-rekey-abort.json")).anyMatch(f -> f.endsWith("-rekey-compat.json"));
        }
    }

    @Test
    void analyzeExitsThreeWhenSomethingBlocksExpand() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            ClinicData.create(db.database(), 0.0005);
            db.exec("ALTER TABLE dispatch_order DROP CONSTRAINT dispatch_order_pkey");
            Files.writeString(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + db.url() + "\n    user: postgres\n");
            RekeyClinic.plan(project);

            CliProcess.Result analyze = ferry("rekey", "analyze");
            assertThat(analyze.exitCode()).as(analyze.all()).isEqualTo(3);
            assertThat(analyze.stdout()).contains("Expand cannot start").contains("single-column primary key");
            CliProcess.Result json = ferry("rekey", "analyze", "--json");
            assertThat(json.stdout()).contains("\"blockers\"").contains("\"blocks\" : \"expand\"");
            assertThat(ferry("rekey", "expand").exitCode()).isEqualTo(3);
        }
    }
}
