package dev.ferry.config;

import dev.ferry.FerryException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A project's configuration, read once: ferry.yaml (or the file given with {@code -c}), the
 * {@code FERRY_*} variables and the command-line flags. Every capability takes what it needs from
 * here, so a plan, a seed folder or another environment always comes from the same file as the
 * environment being worked on; nothing reads the file a second time.
 */
public final class ProjectConfig {
    private final Path workDir;
    private final Path file;
    private final Path projectDir;
    private final ConfigFile parsed;
    private final YamlDocument document;
    private final UnsetVariables unset;
    private final Map<String, String> variables;
    private final ConfigOverrides selection;
    private final RetentionPolicy retention;
    private EnvironmentSettings selected;

    ProjectConfig(Path workDir, Path file, ConfigFile parsed, YamlDocument document, UnsetVariables unset, Map<String, String> variables,
                  ConfigOverrides selection, EnvironmentSettings selected) {
        this.workDir = workDir.toAbsolutePath();
        this.file = file;
        this.projectDir = file.toAbsolutePath().getParent();
        this.parsed = parsed;
        this.document = document;
        this.unset = unset;
        this.variables = Map.copyOf(variables);
        this.selection = selection;
        this.selected = selected;
        this.retention = RetentionPolicy.from(parsed.retention(), document, file.getFileName().toString());
    }

    /** Reads {@code configFile} (or ferry.yaml in {@code workDir}) with the process's {@code FERRY_*} variables and the given flags. */
    public static ProjectConfig load(Path workDir, Path configFile, ConfigOverrides flags) {
        return new ConfigLoader(System.getenv()).project(workDir, configFile, flags);
    }

    /**
     * The project around settings built by hand (Java API callers, tests): {@code settings} is the
     * selected environment, the rest (other environments, plan, seeds, protected data) comes from
     * ferry.yaml in its project directory when there is one.
     */
    public static ProjectConfig around(EnvironmentSettings settings) {
        return new ConfigLoader(System.getenv()).around(settings);
    }

    /** The environment chosen by flag, {@code FERRY_ENV}, {@code default_environment} or {@code development}. */
    public synchronized EnvironmentSettings environment() {
        if (selected == null) {
            selected = resolve(selection);
        }
        return selected;
    }

    /**
     * Another environment of the same file, as {@code FERRY_*} variables shape it (command-line
     * flags belong to the selected environment only); the selected one for its own name.
     */
    public EnvironmentSettings environment(String name) {
        if (selected != null && name.equals(selected.name())) {
            return selected;
        }
        ConfigOverrides byName = new ConfigOverrides(name, null, null, null, null, null, null, null, null, null);
        return resolve(byName.over(ConfigOverrides.fromEnvironment(variables)));
    }

    /** The names of the environments the file defines (empty without a file). */
    public Set<String> environmentNames() {
        return parsed.environments().keySet();
    }

    /** The directory relative paths are resolved against: where the configuration file lives. */
    public Path projectDir() {
        return projectDir;
    }

    /** The configuration file, which need not exist (a project without one uses the defaults). */
    public Path file() {
        return file;
    }

    /** The variables {@code ${env:...}} references and plans resolve against. */
    public Map<String, String> variables() {
        return variables;
    }

    /**
     * The transfer plan: {@code planFlag} (relative to the directory the project was opened from,
     * as a command-line path is) when given, else the file's {@code transfer.plan}, else
     * {@code transfer.yaml} beside the configuration file.
     */
    public Path transferPlan(Path planFlag) {
        if (planFlag != null) {
            return workDir.resolve(planFlag).toAbsolutePath().normalize();
        }
        String configured = parsed.transfer().plan();
        return projectDir.resolve(configured != null ? configured : "transfer.yaml").normalize();
    }

    /** The rekey plan: the {@code -p} file (relative to the working directory), else {@code rekey.yaml} beside ferry.yaml. */
    public Path rekeyPlan(Path planFlag) {
        return planFlag != null ? workDir.resolve(planFlag).toAbsolutePath().normalize() : projectDir.resolve("rekey.yaml").normalize();
    }

    /** The folder holding one seed folder per environment: {@code seeds.location}, else {@code seeds}. */
    public Path seedsLocation() {
        String configured = parsed.seeds().location();
        return projectDir.resolve(configured != null ? configured : "seeds").normalize();
    }

    /** The {@code protected_data:} section with the document it came from, so later checks can name its lines. */
    public ProtectedDataDeclaration protectedData() {
        return new ProtectedDataDeclaration(parsed.protectedData(), document, projectDir);
    }

    /** The {@code retention:} section, checked when the file was read; {@link RetentionPolicy#NONE} without one. */
    public RetentionPolicy retention() {
        return retention;
    }

    private EnvironmentSettings resolve(ConfigOverrides over) {
        String fileName = file.getFileName().toString();
        String name = firstNonNull(over.environment(), parsed.defaultEnvironment(), ConfigLoader.DEFAULT_ENVIRONMENT);
        EnvironmentSection envSection = parsed.environments().get(name);
        if (envSection == null) {
            if (!parsed.environments().isEmpty()) {
                throw FerryException.invalidInput("Environment '" + name + "' is not defined in " + fileName
                        + "; defined: " + String.join(", ", parsed.environments().keySet()));
            }
            envSection = EnvironmentSection.EMPTY;
        } else {
            unset.requireNoneIn(name, document);
        }
        MigrationSection top = parsed.migrations();
        List<String> locationNames = firstNonNull(over.locations(), envSection.locations(), top.locations(), List.of("migrations"));
        List<Path> locations = Locations.folders(locationNames).stream().map(projectDir::resolve).map(Path::normalize).toList();
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
        String url = SettingValues.url(firstNonNull(over.url(), envSection.url()), origin(name, "url", over.url(), envSection.url()));
        String layout = SettingValues.layout(firstNonNull(over.layout(), envSection.layout(), top.layout(), "auto"),
                origin(name, "layout", over.layout(), envSection.layout()));
        return new EnvironmentSettings(
                name,
                url,
                firstNonNull(over.user(), envSection.user()),
                firstNonNull(over.password(), envSection.password()),
                Boolean.TRUE.equals(envSection.protectedEnvironment()),
                SettingValues.duration(connectTimeout, "connect_timeout", origin(name, "connect_timeout", null, envSection.connectTimeout())),
                locations,
                layout,
                firstNonNull(over.schemas(), envSection.schemas(), top.schemas(), List.of()),
                historyTable,
                Map.copyOf(placeholders),
                firstNonNull(envSection.placeholderReplacement(), top.placeholderReplacement(), Boolean.TRUE),
                SettingValues.duration(lockTimeout, "lock_timeout", origin(name, "lock_timeout", over.lockTimeout(), envSection.lockTimeout())),
                firstNonNull(over.outOfOrder(), envSection.outOfOrder(), top.outOfOrder(), Boolean.FALSE),
                projectDir,
                Path.of(firstNonNull(envSection.backupDir(), parsed.backupDir(), EnvironmentSettings.DEFAULT_BACKUP_DIR)),
                firstNonNull(envSection.backupBeforeRollback(), parsed.backupBeforeRollback(), Boolean.FALSE),
                Locations.packages(locationNames));
    }

    /**
     * Where a setting of environment {@code name} was given, for its error message: the flag (or
     * FERRY_* variable) that overrode the file, else the key's line and column in the environment
     * or, failing that, in the top-level {@code migrations:} section.
     */
    private String origin(String name, String key, Object flagValue, Object environmentValue) {
        if (flagValue != null) {
            return "--" + key.replace('_', '-') + " (or FERRY_" + key.toUpperCase(java.util.Locale.ROOT) + ")";
        }
        if (document == null) {
            return file.getFileName().toString();
        }
        return document.where(environmentValue != null ? List.of("environments", name, key) : List.of("migrations", key));
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

    @Override
    public String toString() {
        return "ProjectConfig[file=" + file + "]";
    }
}
