package dev.ferry.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything Ferry needs to work on one environment, after ferry.yaml, {@code FERRY_*} variables
 * and command-line flags have been merged (flag wins over variable, variable over file, file over
 * default).
 *
 * @param url JDBC URL, or {@code null} to use the embedded PostgreSQL kept under {@code .ferry/}
 * @param projectDir the directory relative paths are resolved against (where ferry.yaml lives)
 * @param classpathLocations the {@code classpath:} entries of {@code locations}, as packages
 *                           ({@code db/migration}): read through a class loader, Java migrations included
 */
public record EnvironmentSettings(
        String name,
        String url,
        String user,
        String password,
        boolean protectedEnvironment,
        Duration connectTimeout,
        List<Path> locations,
        String layout,
        List<String> schemas,
        String historyTable,
        Map<String, String> placeholders,
        boolean placeholderReplacement,
        Duration lockTimeout,
        boolean outOfOrder,
        Path projectDir,
        List<String> classpathLocations) {

    public static final String DEFAULT_HISTORY_TABLE = "ferry_schema_history";

    /** Settings whose locations are all folders. */
    public EnvironmentSettings(String name, String url, String user, String password, boolean protectedEnvironment,
                               Duration connectTimeout, List<Path> locations, String layout, List<String> schemas, String historyTable,
                               Map<String, String> placeholders, boolean placeholderReplacement, Duration lockTimeout, boolean outOfOrder,
                               Path projectDir) {
        this(name, url, user, password, protectedEnvironment, connectTimeout, locations, layout, schemas, historyTable, placeholders,
                placeholderReplacement, lockTimeout, outOfOrder, projectDir, List.of());
    }

    public boolean embedded() {
        return url == null || url.isBlank();
    }

    /** The directory where Ferry keeps its own state: embedded data, logs, reports. */
    public Path stateDir() {
        return projectDir.resolve(".ferry");
    }

    /** These settings with another server and login, as when a plan names a URL or an application hands over its pool. */
    public EnvironmentSettings withConnection(String url, String user, String password) {
        return new EnvironmentSettings(name, url, user, password, protectedEnvironment, connectTimeout, locations, layout, schemas,
                historyTable, placeholders, placeholderReplacement, lockTimeout, outOfOrder, projectDir, classpathLocations);
    }

    /** Settings for a project directory with no ferry.yaml: the embedded database and {@code migrations/}. */
    public static EnvironmentSettings defaults(String name, Path projectDir) {
        return new EnvironmentSettings(name, null, null, null, false, Duration.ofSeconds(10),
                List.of(projectDir.resolve("migrations")), "auto", List.of(), DEFAULT_HISTORY_TABLE, Map.of(), true,
                Duration.ofSeconds(60), false, projectDir);
    }

    @Override
    public String toString() {
        // Never print the password, even by accident in a debugger or log line.
        return "EnvironmentSettings[name=" + name + ", url=" + url + ", user=" + user + ", protected="
                + protectedEnvironment + "]";
    }
}
