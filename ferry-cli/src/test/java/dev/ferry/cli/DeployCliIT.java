package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ferry deploy through the real jar: the protected-environment refusal and a failed migration's way back. */
class DeployCliIT {
    @TempDir
    Path project;

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(project, Map.of(), args);
    }

    private void projectFor(TestDatabase db) {
        write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + db.url() + "\n    user: " + db.user() + "\n"
                + "  production:\n    url: " + db.url() + "\n    user: " + db.user() + "\n    protected: true\n");
        write(project.resolve("migrations/V1__patients.sql"), "CREATE TABLE patients (id INT PRIMARY KEY, name TEXT);\n");
    }

    @Test
    void deployToAProtectedEnvironmentWithoutConfirmExitsFiveAndChangesNothing() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            projectFor(db);
            db.exec("CREATE TABLE legacy (id INT PRIMARY KEY)", "INSERT INTO legacy VALUES (1)");

            CliProcess.Result refused = ferry("deploy", "--env", "production");
            assertThat(refused.exitCode()).as(refused.all()).isEqualTo(5);
            assertThat(refused.stderr()).contains("without --confirm production");
            CliProcess.Result wrongName = ferry("deploy", "--env", "production", "--confirm", "development");
            assertThat(wrongName.exitCode()).as(wrongName.all()).isEqualTo(5);
            CliProcess.Result noBackup = ferry("deploy", "--env", "production", "--confirm", "production", "--skip-backup");
            assertThat(noBackup.exitCode()).as(noBackup.all()).isEqualTo(5);

            assertThat(historyExists(db)).isFalse();
            assertThat(project.resolve("backups")).doesNotExist();

            CliProcess.Result plan = ferry("deploy", "--env", "production", "--dry-run");
            assertThat(plan.exitCode()).as(plan.all()).isZero();
            assertThat(plan.stdout()).contains("V1__patients.sql", "Nothing was changed");
            assertThat(historyExists(db)).isFalse();

            CliProcess.Result done = ferry("deploy", "--env", "production", "--confirm", "production", "--json");
            assertThat(done.exitCode()).as(done.all()).isZero();
            assertThat(done.stdout()).contains("\"exitCode\" : 0");
            assertThat(historyExists(db)).isTrue();
        }
    }

    @Test
    void aFailingMigrationExitsOneAndPrintsTheRestoreCommandForAnArchiveThatExists() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            projectFor(db);
            assertThat(ferry("deploy").exitCode()).isZero();
            db.exec("INSERT INTO patients VALUES (1, 'Ada')");
            write(project.resolve("migrations/V2__broken.sql"), "ALTER TABLE patients ADD COLUMN born DATE;\nSELECT nothing FROM nowhere;\n");

            CliProcess.Result failed = ferry("deploy");

            assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
            assertThat(failed.stdout()).contains("stopped at migrate");
            assertThat(failed.stderr()).contains("V2__broken.sql");
            Matcher m = Pattern.compile("ferry restore (backups/\\S+\\.fbk) --env development --confirm").matcher(failed.stdout());
            assertThat(m.find()).as(failed.stdout()).isTrue();
            assertThat(project.resolve(m.group(1))).exists();

            db.exec("DELETE FROM patients");
            CliProcess.Result restored = ferry(m.group(0).substring("ferry ".length()).split(" "));
            assertThat(restored.exitCode()).as(restored.all()).isZero();
            assertThat(count(db)).isEqualTo(1);
        }
    }

    private static boolean historyExists(TestDatabase db) throws Exception {
        try (Connection c = db.database().connect("test")) {
            return db.database().dialect().tableExists(c, "public", "ferry_schema_history");
        }
    }

    private static long count(TestDatabase db) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM patients")) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
