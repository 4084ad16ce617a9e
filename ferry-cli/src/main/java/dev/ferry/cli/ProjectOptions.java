package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.ConfigOverrides;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.config.ProjectConfig;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every command that works on an environment shares. Flags win over FERRY_* variables and ferry.yaml. */
final class ProjectOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Configuration file (default: ./ferry.yaml).")
    Path config;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME", description = "Environment from ferry.yaml (default: default_environment or development).")
    String environment;

    @Option(names = "--url", paramLabel = "JDBC_URL", description = "JDBC URL, overriding the environment's.")
    String url;

    @Option(names = "--user", description = "Database user.")
    String user;

    @Option(names = "--password", description = "Database password (prefer FERRY_PASSWORD or ${env:...} in ferry.yaml).")
    String password;

    @Option(names = "--locations", split = ",", paramLabel = "DIR", description = "Migration folders, comma-separated.")
    List<String> locations;

    @Option(names = "--layout", description = "Folder layout: auto, flyway, golang-migrate, diesel or dbmate.")
    String layout;

    @Option(names = "--schemas", split = ",", description = "Schemas to manage; the first holds the history table.")
    List<String> schemas;

    @Option(names = "--history-table", paramLabel = "NAME", description = "History table name (default: ferry_schema_history).")
    String historyTable;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", description = "How long to wait for another migrator (default: 60s).")
    String lockTimeout;

    /** The project as the flags select it, read once from the -c file (or ./ferry.yaml). */
    ProjectConfig project() {
        ConfigOverrides flags = new ConfigOverrides(environment, url, user, password, locations, layout, schemas, historyTable,
                lockTimeout, null);
        return ConfigLoader.fromSystem().project(Path.of("").toAbsolutePath(), config, flags);
    }

    EnvironmentSettings settings() {
        return project().environment();
    }

    Ferry open(boolean quiet) {
        Ferry ferry = Ferry.of(project());
        if (!quiet) {
            ferry.onNotice(Console::err);
        }
        return ferry.withListener(new ConsoleListener(quiet));
    }
}
