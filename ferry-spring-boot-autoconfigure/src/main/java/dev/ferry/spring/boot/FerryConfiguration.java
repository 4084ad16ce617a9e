package dev.ferry.spring.boot;

import dev.ferry.config.EnvironmentSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ferry's settings for the application's database as {@link FerryConfigurationCustomizer}s see
 * them: the {@code ferry.*} properties with the locations already resolved to directories.
 */
public final class FerryConfiguration {
    private String environment;
    private Path projectDir;
    private final List<Path> locations = new ArrayList<>();
    private final List<String> classpathLocations = new ArrayList<>();
    private final List<String> javaMigrationsInJars;
    private final List<String> schemas = new ArrayList<>();
    private String historyTable;
    private final Map<String, String> placeholders = new LinkedHashMap<>();
    private boolean protectedDatabase;
    private boolean validateOnMigrate;
    private Duration lockTimeout;

    FerryConfiguration(FerryProperties properties, Path projectDir, MigrationLocations.Resolved locations) {
        this.environment = properties.getEnvironment();
        this.projectDir = projectDir;
        this.locations.addAll(locations.folders());
        this.classpathLocations.addAll(locations.packages());
        this.javaMigrationsInJars = List.copyOf(locations.classesInJars());
        this.schemas.addAll(properties.getSchemas());
        this.historyTable = properties.getHistoryTable();
        this.placeholders.putAll(properties.getPlaceholders());
        this.protectedDatabase = properties.isProtected();
        this.validateOnMigrate = properties.isValidateOnMigrate();
        this.lockTimeout = properties.getLockTimeout();
    }

    /** The settings Ferry works with; the URL and user come from the DataSource. */
    EnvironmentSettings toSettings() {
        return new EnvironmentSettings(environment, null, null, null, protectedDatabase, Duration.ofSeconds(10), List.copyOf(locations),
                "auto", List.copyOf(schemas), historyTable, Map.copyOf(placeholders), true, lockTimeout, false, projectDir,
                null, false, List.copyOf(classpathLocations));
    }

    /** Java migration classes of {@code classpath:} locations inside jars, which Ferry cannot find there by scanning. */
    List<String> javaMigrationsInJars() {
        return javaMigrationsInJars;
    }

    public String environment() {
        return environment;
    }

    public FerryConfiguration environment(String name) {
        this.environment = name;
        return this;
    }

    public Path projectDir() {
        return projectDir;
    }

    public FerryConfiguration projectDir(Path dir) {
        this.projectDir = dir;
        return this;
    }

    /** The migration directories, in order; add to or clear the list to change them. */
    public List<Path> locations() {
        return locations;
    }

    /**
     * The {@code classpath:} locations found in directories, as packages ({@code db/migration}):
     * Ferry reads their scripts and Java migration classes through the application's class loader.
     */
    public List<String> classpathLocations() {
        return classpathLocations;
    }

    /** The managed schemas; the first holds the history table. */
    public List<String> schemas() {
        return schemas;
    }

    public String historyTable() {
        return historyTable;
    }

    public FerryConfiguration historyTable(String name) {
        this.historyTable = name;
        return this;
    }

    /** The placeholder values; put into the map to add some. */
    public Map<String, String> placeholders() {
        return placeholders;
    }

    public boolean protectedDatabase() {
        return protectedDatabase;
    }

    public FerryConfiguration protectedDatabase(boolean value) {
        this.protectedDatabase = value;
        return this;
    }

    public boolean validateOnMigrate() {
        return validateOnMigrate;
    }

    public FerryConfiguration validateOnMigrate(boolean value) {
        this.validateOnMigrate = value;
        return this;
    }

    public Duration lockTimeout() {
        return lockTimeout;
    }

    public FerryConfiguration lockTimeout(Duration timeout) {
        this.lockTimeout = timeout;
        return this;
    }
}
