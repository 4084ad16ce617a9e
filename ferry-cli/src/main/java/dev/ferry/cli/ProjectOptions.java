package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.ConfigOverrides;
import dev.ferry.config.ProjectConfig;
import dev.ferry.migration.JavaMigrations;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Option(names = "--password", description = "Database password (prefer FERRY_PASSWORD or $${env:VAR} in ferry.yaml).")
    String password;

    /**
     * The project as the flags select it, read once from the -c file (or ./ferry.yaml). Without
     * either there is no project here: the command stops rather than start an embedded server and
     * create .ferry/ in whatever folder it was run from.
     */
    ProjectConfig project(MigrationOptions m) {
        Path workDir = Path.of("").toAbsolutePath();
        if (config == null && !Files.isRegularFile(workDir.resolve(ConfigLoader.FILE_NAME))) {
            throw FerryException.invalidInput("no " + ConfigLoader.FILE_NAME + " in " + workDir + " (run 'ferry init', or pass -c FILE)");
        }
        ConfigOverrides flags = new ConfigOverrides(environment, url, user, password, m.locations, m.layout, m.schemas, m.historyTable,
                m.lockTimeout, null);
        return ConfigLoader.fromSystem().project(workDir, config, flags);
    }

    Ferry open(boolean quiet, MigrationOptions migration) {
        ProjectConfig project = project(migration);
        Ferry ferry = Ferry.of(project);
        ClassLoader java = JavaClasspath.loader(migration.classpath, Path.of("").toAbsolutePath(), project.projectDir());
        if (java != null) {
            // Also the context loader, so work that replays migrations elsewhere (drift) finds the same classes.
            Thread.currentThread().setContextClassLoader(java);
            ferry.withJavaMigrations(JavaMigrations.from(java));
        }
        if (!quiet) {
            ferry.onNotice(Console::err);
        }
        return ferry.withListener(new ConsoleListener(quiet));
    }
}
