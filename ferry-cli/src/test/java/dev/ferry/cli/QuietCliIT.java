package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real CLI: with -q every command prints its result, one line on stdout, and nothing on stderr when it succeeds. */
class QuietCliIT {
    @TempDir
    Path project;

    @Test
    void quietCommandsPrintOneResultLineAndNothingElse() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec("CREATE TABLE legacy_people (id INT PRIMARY KEY, name TEXT)",
                    "INSERT INTO legacy_people SELECT g, 'p' || g FROM generate_series(1, 30) g");
            write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + target.url() + "\n    user: " + target.user() + "\n");
            write(project.resolve("migrations/V1__people.sql"), "CREATE TABLE people (id UUID PRIMARY KEY, name VARCHAR(40) NOT NULL);\n"
                    + "CREATE TABLE kinds (code VARCHAR(10) PRIMARY KEY, label VARCHAR(40));\n");
            write(project.resolve("seeds/development/010_kinds.yaml"), "table: kinds\nrows:\n  - {code: a, label: adult}\n");
            Projects.transferPlan(project.resolve("transfer.yaml"), source, target, "entities:\n"
                    + "  people:\n    from: legacy_people\n    to: people\n    key: {column: id}\n    columns:\n      name: name\n");

            SoftAssertions soft = new SoftAssertions();
            quiet(soft, "migrate", "-q");
            quiet(soft, "status", "-q");
            quiet(soft, "seed", "-q");
            quiet(soft, "transfer", "run", "-q", "--no-backup");
            quiet(soft, "verify", "-q");
            quiet(soft, "backup", "-q");
            String archive;
            try (var files = Files.list(project.resolve("backups"))) {
                archive = files.filter(f -> f.toString().endsWith(".fbk")).findFirst().orElseThrow().toString();
            }
            quiet(soft, "restore", archive, "--confirm", "-q");
            quiet(soft, "doctor", "-q");
            quiet(soft, "snapshot", "people", "-q");
            quiet(soft, "deploy", "-q");
            soft.assertAll();
        }
    }

    private void quiet(SoftAssertions soft, String... args) throws Exception {
        CliProcess.Result r = CliProcess.run(project, Map.of(), args);
        String shown = "ferry " + String.join(" ", args) + "\n" + r.all();
        soft.assertThat(r.exitCode()).as(shown).isZero();
        soft.assertThat(r.stderr()).as(shown).isEmpty();
        List<String> lines = r.stdout().strip().lines().toList();
        soft.assertThat(lines).as(shown).hasSize(1);
    }
}
