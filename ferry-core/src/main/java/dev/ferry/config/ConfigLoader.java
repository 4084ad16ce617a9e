package dev.ferry.config;

import dev.ferry.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads ferry.yaml and merges it with {@code FERRY_*} variables and command-line flags into the
 * {@link EnvironmentSettings} of one environment.
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
    public EnvironmentSettings load(Path workDir, Path configFile, ConfigOverrides flags) {
        ConfigOverrides merged = flags.over(ConfigOverrides.fromEnvironment(env));
        Path file = configFile != null ? workDir.resolve(configFile) : workDir.resolve(FILE_NAME);
        if (configFile != null && !Files.isRegularFile(file)) {
            throw FerryException.invalidInput("Configuration file " + file + " does not exist; create it with 'ferry init' or fix the -c path");
        }
        ConfigFile parsed = Files.isRegularFile(file) ? parse(file) : new ConfigFile(null, null, null, null, null, null);
        Path projectDir = file.toAbsolutePath().getParent();
        return resolve(parsed, merged, projectDir, file.getFileName().toString());
    }

    /**
     * The transfer plan's path: {@code planFlag} when given, else ferry.yaml's {@code transfer.plan},
     * else {@code transfer.yaml} in the project directory.
     */
    public Path transferPlan(Path workDir, Path configFile, Path planFlag) {
        if (planFlag != null) {
            return workDir.resolve(planFlag).normalize();
        }
        Path file = configFile != null ? workDir.resolve(configFile) : workDir.resolve(FILE_NAME);
        Path projectDir = file.toAbsolutePath().getParent();
        String configured = Files.isRegularFile(file) ? parse(file).transfer().plan() : null;
        return projectDir.resolve(configured != null ? configured : "transfer.yaml").normalize();
    }

    /**
     * The folder holding one seed folder per environment: ferry.yaml's {@code seeds.location}, else
     * {@code seeds} in the project directory.
     */
    public Path seedsLocation(Path workDir, Path configFile) {
        Path file = configFile != null ? workDir.resolve(configFile) : workDir.resolve(FILE_NAME);
        Path projectDir = file.toAbsolutePath().getParent();
        String configured = Files.isRegularFile(file) ? parse(file).seeds().location() : null;
        return projectDir.resolve(configured != null ? configured : "seeds").normalize();
    }

    /**
     * The {@code protected_data:} section of ferry.yaml (or {@code configFile}); empty when the
     * file or the section is missing.
     */
    public ProtectedDataDeclaration protectedData(Path workDir, Path configFile) {
        Path file = configFile != null ? workDir.resolve(configFile) : workDir.resolve(FILE_NAME);
        Path projectDir = file.toAbsolutePath().getParent();
        if (!Files.isRegularFile(file)) {
            return new ProtectedDataDeclaration(ProtectedDataSection.EMPTY, null, projectDir);
        }
        YamlDocument doc = YamlDocument.read(file);
        ConfigFile parsed = doc.isBlank() ? new ConfigFile(null, null, null, null, null, null) : doc.bind(ConfigFile.class, env);
        return new ProtectedDataDeclaration(parsed.protectedData(), doc, projectDir);
    }

    ConfigFile parse(Path file) {
        YamlDocument doc = YamlDocument.read(file);
        return doc.isBlank() ? new ConfigFile(null, null, null, null, null, null) : doc.bind(ConfigFile.class, env);
    }

    private EnvironmentSettings resolve(ConfigFile file, ConfigOverrides over, Path projectDir, String fileName) {
        String name = firstNonNull(over.environment(), file.defaultEnvironment(), DEFAULT_ENVIRONMENT);
        EnvironmentSection envSection = file.environments().get(name);
        if (envSection == null) {
            if (!file.environments().isEmpty()) {
                throw FerryException.invalidInput("Environment '" + name + "' is not defined in " + fileName
                        + "; defined: " + String.join(", ", file.environments().keySet()));
            }
            envSection = EnvironmentSection.EMPTY;
        }
        MigrationSection top = file.migrations();
        List<String> locationNames = firstNonNull(over.locations(), envSection.locations(), top.locations(), List.of("migrations"));
        List<Path> locations = locationNames.stream().map(projectDir::resolve).map(Path::normalize).toList();
        Map<String, String> placeholders = new LinkedHashMap<>();
        if (top.placeholders() != null) {
            placeholders.putAll(top.placeholders());
        }
        if (envSection.placeholders() != null) {
            placeholders.putAll(envSection.placeholders());
        }
        String lockTimeout = firstNonNull(over.lockTimeout(), envSection.lockTimeout(), top.lockTimeout(), "60s");
        String connectTimeout = firstNonNull(envSection.connectTimeout(), "10s");
        String historyTable = firstNonNull(over.historyTable(), envSection.historyTable(), top.historyTable(),
                EnvironmentSettings.DEFAULT_HISTORY_TABLE);
        if (!historyTable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw FerryException.invalidInput("history_table '" + historyTable + "' must be a plain identifier (letters, digits, _)");
        }
        return new EnvironmentSettings(
                name,
                firstNonNull(over.url(), envSection.url()),
                firstNonNull(over.user(), envSection.user()),
                firstNonNull(over.password(), envSection.password()),
                Boolean.TRUE.equals(envSection.protectedEnvironment()),
                Durations.parse(connectTimeout, "connect_timeout"),
                locations,
                firstNonNull(over.layout(), envSection.layout(), top.layout(), "auto"),
                firstNonNull(over.schemas(), envSection.schemas(), top.schemas(), List.of()),
                historyTable,
                Map.copyOf(placeholders),
                firstNonNull(envSection.placeholderReplacement(), top.placeholderReplacement(), Boolean.TRUE),
                Durations.parse(lockTimeout, "lock_timeout"),
                firstNonNull(over.outOfOrder(), envSection.outOfOrder(), top.outOfOrder(), Boolean.FALSE),
                projectDir);
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
