package dev.ferry.config;

import dev.ferry.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads ferry.yaml once and merges it with {@code FERRY_*} variables and command-line flags into a
 * {@link ProjectConfig}.
 */
public final class ConfigLoader {
    public static final String FILE_NAME = "ferry.yaml";
    public static final String DEFAULT_ENVIRONMENT = "development";

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static ConfigLoader fromSystem() {
        return new ConfigLoader(System.getenv());
    }

    /**
     * @param configFile the file given with {@code -c}, or {@code null} to use ferry.yaml in {@code workDir} if present
     * @param flags values given on the command line
     */
    public ProjectConfig project(Path workDir, Path configFile, ConfigOverrides flags) {
        Path file = (configFile != null ? workDir.resolve(configFile) : workDir.resolve(FILE_NAME)).toAbsolutePath().normalize();
        if (configFile != null && !Files.isRegularFile(file)) {
            throw FerryException.invalidInput("Configuration file " + file + " does not exist; create it with 'ferry init' or fix the -c path");
        }
        return read(workDir, file, flags.over(ConfigOverrides.fromEnvironment(env)), null);
    }

    /** The selected environment's settings; shorthand for {@code project(...).environment()}. */
    public EnvironmentSettings load(Path workDir, Path configFile, ConfigOverrides flags) {
        return project(workDir, configFile, flags).environment();
    }

    /** The project around hand-built settings: ferry.yaml in their project directory, if any, for everything else. */
    ProjectConfig around(EnvironmentSettings settings) {
        Path file = settings.projectDir().resolve(FILE_NAME).toAbsolutePath().normalize();
        return read(settings.projectDir(), file, new ConfigOverrides(settings.name(), null, null, null, null, null, null, null, null, null)
                .over(ConfigOverrides.fromEnvironment(env)), settings);
    }

    private ProjectConfig read(Path workDir, Path file, ConfigOverrides selection, EnvironmentSettings selected) {
        YamlDocument document = Files.isRegularFile(file) ? YamlDocument.read(file) : null;
        UnsetVariables unset = new UnsetVariables();
        ConfigFile parsed = document == null || document.isBlank()
                ? new ConfigFile(null, null, null, null, null, null, null, null, null) : document.bind(ConfigFile.class, env, unset);
        return new ProjectConfig(workDir, file, parsed, document, unset, env, selection, selected);
    }
}
