package dev.ferry.cli;

import dev.ferry.FerryException;
import dev.ferry.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", description = "Write a starter ferry.yaml and a migrations folder in the current directory.")
final class InitCommand implements Callable<Integer> {
    @Option(names = "--dir", description = "Project directory (default: the current one).")
    Path dir = Path.of("");

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
        } catch (IOException e) {
            throw FerryException.failure("Cannot write " + config + ": " + e.getMessage(), e);
        }
        Console.out("Created " + config + " and " + project.resolve("migrations") + "/");
        Console.out("Next: ferry new \"create users\", edit the file, then ferry migrate.");
        return ExitCodes.OK;
    }
}
