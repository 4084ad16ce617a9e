package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar: protect, doctor's exit codes 0 and 3, recovery, and audit prune refused on a protected environment. */
class ProtectDoctorIT {
    @TempDir
    Path project;

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(project, Map.of(), args);
    }

    private void projectFor(TestDatabase db) throws Exception {
        Path example = ClinicProject.exampleDir();
        try (Stream<Path> files = Files.list(example.resolve("schemas"))) {
            for (Path f : files.toList()) {
                write(project.resolve("schemas").resolve(f.getFileName().toString()), Files.readString(f));
            }
        }
        write(project.resolve("migrations/V7__create_plan_types.sql"), Files.readString(example.resolve("migrations/V7__create_plan_types.sql")));
        String yaml = Files.readString(example.resolve("ferry.yaml"));
        String protectedData = yaml.substring(yaml.indexOf("protected_data:"), yaml.indexOf("environments:"));
        String password = db.password() == null || db.password().isEmpty() ? "" : "    password: " + db.password() + "\n";
        write(project.resolve("ferry.yaml"), protectedData + "environments:\n  development:\n    url: " + db.url() + "\n    user: " + db.user()
                + "\n" + password + "  production:\n    url: " + db.url() + "\n    user: " + db.user() + "\n" + password
                + "    protected: true\n");
    }

    @Test
    void doctorExitsZeroWhenHealthyThreeForALostRowAndRecoverPutsItBack() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            projectFor(db);
            assertThat(ferry("migrate").exitCode()).isZero();
            CliProcess.Result install = ferry("protect", "install");
            assertThat(install.exitCode()).as(install.all()).isZero();
            assertThat(install.stdout()).contains("ferry_plan_types_rules_binary");
            assertThat(ferry("protect", "snapshot", "--file", "snapshots/plan-types.jsonl").exitCode()).isZero();
            assertThat(project.resolve("snapshots/plan-types.jsonl")).exists();

            CliProcess.Result healthy = ferry("doctor");
            assertThat(healthy.exitCode()).as(healthy.all()).isZero();
            assertThat(healthy.stdout()).contains("Healthy");

            try (var c = db.database().connect("test"); var st = c.createStatement()) {
                st.execute("DELETE FROM plan_types WHERE code = 'matrix'");
            }
            CliProcess.Result sick = ferry("doctor");
            assertThat(sick.exitCode()).as(sick.all()).isEqualTo(3);
            assertThat(sick.stdout()).contains("plan_types [matrix]").contains("doctor --recover");
            assertThat(ferry("protect", "check").exitCode()).isEqualTo(3);

            CliProcess.Result recovered = ferry("doctor", "--recover");
            assertThat(recovered.exitCode()).as(recovered.all()).isZero();
            assertThat(recovered.stdout()).contains("Recovered 1 row(s)").contains("matrix");
            assertThat(SchemaCount.rows(db, "SELECT COUNT(*) FROM plan_types")).isEqualTo(3);
            CliProcess.Result log = ferry("audit", "log", "--key", "matrix", "--json");
            assertThat(log.stdout()).contains("\"operation\" : \"INSERT\"").contains("ferry doctor --recover");
        }
    }

    @Test
    void restoreImportAndValidateExitCodes() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            projectFor(db);
            assertThat(ferry("migrate").exitCode()).isZero();
            assertThat(ferry("protect", "install").exitCode()).isZero();
            assertThat(ferry("protect", "snapshot", "--file", "plan-types.jsonl").exitCode()).isZero();
            try (var c = db.database().connect("test"); var st = c.createStatement()) {
                st.execute("DELETE FROM plan_types WHERE code = 'matrix'");
            }

            CliProcess.Result preview = ferry("protect", "restore", "--snapshot", "1", "--dry-run");
            assertThat(preview.exitCode()).as(preview.all()).isZero();
            assertThat(preview.stdout()).contains("would make 1 change(s)");
            CliProcess.Result unasked = ferry("protect", "restore", "--snapshot", "1");
            assertThat(unasked.exitCode()).as("no terminal to ask on").isEqualTo(5);
            assertThat(unasked.stderr()).contains("--confirm");
            assertThat(SchemaCount.rows(db, "SELECT COUNT(*) FROM plan_types")).isEqualTo(2);
            assertThat(ferry("protect", "restore", "--snapshot", "9").exitCode()).isEqualTo(2);
            CliProcess.Result restored = ferry("protect", "restore", "--snapshot", "1", "--confirm");
            assertThat(restored.exitCode()).as(restored.all()).isZero();
            assertThat(SchemaCount.rows(db, "SELECT COUNT(*) FROM plan_types")).isEqualTo(3);
            assertThat(SchemaCount.rows(db, "SELECT COUNT(*) FROM ferry_audit WHERE changed_by LIKE 'ferry protect restore %'")).isEqualTo(1);

            write(project.resolve("tampered.jsonl"), Files.readString(project.resolve("plan-types.jsonl")).replace("Matrix Plan", "Matrix"));
            CliProcess.Result tampered = ferry("protect", "import", "tampered.jsonl");
            assertThat(tampered.exitCode()).as(tampered.all()).isEqualTo(3);
            assertThat(tampered.stderr()).contains("does not match the rows");
            CliProcess.Result imported = ferry("protect", "import", "plan-types.jsonl");
            assertThat(imported.exitCode()).as(imported.all()).isZero();
            assertThat(imported.stdout()).contains("as snapshot 2").contains("protect restore --snapshot 2");

            write(project.resolve("binary.json"), "{\"type\": \"binary\", \"filling_order\": \"left_to_right\", \"max_children\": 3, "
                    + "\"child_positions\": [\"left\", \"right\"], \"spillover_rules\": {\"enabled\": false}}");
            CliProcess.Result invalid = ferry("protect", "validate", "binary.json", "--column", "rules", "--kind", "binary");
            assertThat(invalid.exitCode()).as(invalid.all()).isEqualTo(3);
            assertThat(invalid.stdout()).contains("1 violation(s)").contains("max_children");
            assertThat(ferry("protect", "validate", "binary.json", "--column", "rules", "--kind", "unilevel").exitCode()).isEqualTo(3);
            write(project.resolve("binary.json"), Files.readString(project.resolve("binary.json")).replace("3", "2"));
            CliProcess.Result valid = ferry("protect", "validate", "binary.json", "--column", "rules", "--kind", "binary");
            assertThat(valid.exitCode()).as(valid.all()).isZero();
        }
    }

    @Test
    void pruneIsRefusedOnAProtectedEnvironmentWithoutConfirm() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            projectFor(db);
            assertThat(ferry("migrate").exitCode()).isZero();
            assertThat(ferry("protect", "install").exitCode()).isZero();
            CliProcess.Result refused = ferry("audit", "prune", "--older-than", "30d", "-e", "production");
            assertThat(refused.exitCode()).isEqualTo(5);
            assertThat(refused.stderr()).contains("--confirm");
            assertThat(ferry("audit", "prune", "--older-than", "30d", "-e", "production", "--confirm").exitCode()).isZero();
        }
    }

    @Test
    void aSchemaFileThatDoesNotParseIsOneLineWithExitTwo() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            projectFor(db);
            write(project.resolve("schemas/matrix-rules.json"), "{ \"type\": ");
            CliProcess.Result r = ferry("protect", "check");
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.stderr()).contains("ferry.yaml:").contains("schemas/matrix-rules.json does not parse as JSON").doesNotContain("\tat ");
            assertThat(r.stderr().strip().lines().count()).isEqualTo(1);
        }
    }
}
