package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar: 'transfer init' writes a plan once (exit 5 for an existing file without --force) and 'transfer plan' lists its TODOs. */
class TransferInitCliIT {
    @TempDir
    Path project;

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(project, Map.of(), args);
    }

    @Test
    void initWritesThePlanRefusesToOverwriteItAndPlanListsTheTodosLeft() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec("CREATE TABLE legacy_kind (id INT PRIMARY KEY, code TEXT, label TEXT)");
            target.exec("CREATE TABLE kinds (id UUID PRIMARY KEY, code TEXT, title TEXT NOT NULL)");
            write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + target.url() + "\n    user: " + target.user()
                    + "\n  legacy:\n    url: " + source.url() + "\n    user: " + source.user() + "\n");

            CliProcess.Result init = ferry("transfer", "init", "--source", "legacy", "--target", "development");
            assertThat(init.exitCode()).as(init.all()).isZero();
            assertThat(init.stdout()).contains("kinds <- legacy_kind").contains("1 TODO(s)");
            assertThat(Files.readString(project.resolve("transfer.yaml"))).contains("key: {column: id, strategy: uuid}")
                    .contains("code: code").contains("# TODO title (text NOT NULL): no source column of that name");

            CliProcess.Result again = ferry("transfer", "init", "--source", "legacy", "--target", "development");
            assertThat(again.exitCode()).isEqualTo(5);
            assertThat(again.stderr()).contains("--force");
            assertThat(ferry("transfer", "init", "--source", "legacy", "--target", "development", "--out", "other.yaml").exitCode()).isZero();
            assertThat(ferry("transfer", "init", "--source", "legacy", "--target", "development", "--force").exitCode()).isZero();

            CliProcess.Result plan = ferry("transfer", "plan");
            assertThat(plan.exitCode()).as("title is NOT NULL and still unfilled: " + plan.all()).isEqualTo(2);
            assertThat(plan.stderr()).contains("1 TODO(s) still open").contains("transfer.yaml:").contains("title");
        }
    }
}
