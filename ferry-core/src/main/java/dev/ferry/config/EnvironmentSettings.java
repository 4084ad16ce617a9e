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
 * @param backupDir where this environment's backup archives go and are looked for ({@code backup_dir}, default {@code backups/})
 * @param backupBeforeRollback whether {@code rollback} backs the environment up first (always when protected)
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
        Path backupDir,
        boolean backupBeforeRollback,
        List<String> classpathLocations) {

    public static final String DEFAULT_HISTORY_TABLE = "ferry_schema_history";
    /** The backup folder when ferry.yaml names none, relative to the project directory. */
    public static final String DEFAULT_BACKUP_DIR = "backups";

    public EnvironmentSettings {
        backupDir = backupDir == null ? projectDir.resolve(DEFAULT_BACKUP_DIR) : projectDir.resolve(backupDir).normalize();
        classpathLocations = classpathLocations == null ? List.of() : List.copyOf(classpathLocations);
    }

    /**
     * Settings built by hand without the backup settings or classpath locations: archives in
     * {@code backups/}, no backup before a rollback unless protected, every location a folder.
     */
    public EnvironmentSettings(String name, String url, String user, String password, boolean protectedEnvironment, Duration connectTimeout,
                               List<Path> locations, String layout, List<String> schemas, String historyTable, Map<String, String> placeholders,
                               boolean placeholderReplacement, Duration lockTimeout, boolean outOfOrder, Path projectDir) {
        this(name, url, user, password, protectedEnvironment, connectTimeout, locations, layout, schemas, historyTable, placeholders,
                placeholderReplacement, lockTimeout, outOfOrder, projectDir, null, false, List.of());
    }

    /** Whether {@code rollback} takes a backup before running down scripts: when asked to, and always on a protected environment. */
    public boolean backsUpBeforeRollback() {
        return backupBeforeRollback || protectedEnvironment;
    }

    public boolean embedded() {
        return url == null || url.isBlank();
    }

    /** The directory where Ferry keeps its own state: embedded data, logs, reports. */
    public Path stateDir() {
        return projectDir.resolve(".ferry");
    }

    /** A path as a message shows it: relative to the project when inside it (as {@code backups/x.fbk}), else absolute. */
    public String display(Path path) {
        Path p = path.toAbsolutePath().normalize();
        Path project = projectDir.toAbsolutePath().normalize();
        return (p.startsWith(project) ? project.relativize(p) : p).toString().replace('\\', '/');
    }

    /** These settings with another server and login, as when a plan names a URL or an application hands over its pool. */
    public EnvironmentSettings withConnection(String url, String user, String password) {
        return new EnvironmentSettings(name, url, user, password, protectedEnvironment, connectTimeout, locations, layout, schemas,
                historyTable, placeholders, placeholderReplacement, lockTimeout, outOfOrder, projectDir, backupDir, backupBeforeRollback,
                classpathLocations);
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
