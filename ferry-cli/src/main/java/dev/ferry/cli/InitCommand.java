package dev.ferry.cli;

import dev.ferry.FerryException;
import dev.ferry.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", description = "Write a starter ferry.yaml, a migrations folder and a .gitignore for Ferry's own files in the current directory.")
final class InitCommand implements Callable<Integer> {
    @Option(names = "--dir", description = "Project directory (default: the current one).")
    Path dir = Path.of("");

    @Option(names = {"-q", "--quiet"}, description = "Print only the result.")
    boolean quiet;

    static final String STARTER = """
            # Ferry configuration. Values may use ${env:VAR} or ${env:VAR:-default}.
            default_environment: development

            migrations:
              locations: [migrations]     # several folders merge into one ordered sequence
              layout: auto                # auto, flyway, golang-migrate, diesel or dbmate
              # schemas: [public]         # the first holds the history table
              # history_table: ferry_schema_history
              # lock_timeout: 60s
              placeholders: {}            # ${name} in scripts

            environments:
              development: {}             # no url: an embedded PostgreSQL kept in .ferry/
              # production:
              #   url: jdbc:postgresql://db.example.com:5432/app
              #   user: app
              #   password: ${env:APP_DB_PASSWORD}
              #   protected: true         # destructive commands need --confirm; clean is refused
            """;

    /** What Ferry writes into a project that does not belong in version control: its state (embedded data, logs, reports) and archives. */
    static final List<String> IGNORED = List.of(".ferry/", "backups/");

    @Override
    public Integer call() {
        Path project = dir.toAbsolutePath();
        Path config = project.resolve(ConfigLoader.FILE_NAME);
        if (Files.exists(config)) {
            throw FerryException.invalidInput(config + " already exists; edit it, or run init in another directory");
        }
        try {
            Files.createDirectories(project.resolve("migrations"));
            Files.writeString(config, STARTER);
            ignoreFerryFiles(project.resolve(".gitignore"));
        } catch (IOException e) {
            throw FerryException.failure("Cannot write " + config + ": " + e.getMessage(), e);
        }
        Console.out("Created " + config + ", " + project.resolve("migrations") + "/ and .gitignore entries for "
                + String.join(" and ", IGNORED));
        if (!quiet) {
            Console.out("Next: ferry new \"create users\", edit the file, then ferry migrate.");
        }
        return ExitCodes.OK;
    }

    /** Adds the entries a .gitignore lacks, keeping whatever it already says. */
    static void ignoreFerryFiles(Path gitignore) throws IOException {
        List<String> lines = Files.exists(gitignore) ? Files.readAllLines(gitignore) : List.of();
        List<String> missing = IGNORED.stream().filter(e -> lines.stream().noneMatch(l -> l.strip().equals(e))).toList();
        if (missing.isEmpty()) {
            return;
        }
        String existing = Files.exists(gitignore) ? Files.readString(gitignore) : "";
        String prefix = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
        Files.writeString(gitignore, existing + prefix + "# Ferry's state and backup archives\n" + String.join("\n", missing) + "\n");
    }
}
