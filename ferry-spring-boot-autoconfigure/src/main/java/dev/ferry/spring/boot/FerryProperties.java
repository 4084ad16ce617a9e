package dev.ferry.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Ferry's settings in a Spring application, under {@code ferry.*}; they take the place of
 * ferry.yaml for the application's own database.
 */
@ConfigurationProperties(prefix = "ferry")
public class FerryProperties {
    /** Whether Ferry migrates the application's DataSource at start-up. */
    private boolean enabled = true;

    /**
     * Where the migrations are: "classpath:" packages (scripts, also inside the application's jar,
     * and Java migration classes while the package is a directory) or directories, relative ones
     * under the project directory.
     */
    private List<String> locations = new ArrayList<>(List.of("classpath:db/migration"));

    /** The schemas Ferry manages; the first holds the history table. Empty: the connection's current schema. */
    private List<String> schemas = new ArrayList<>();

    /** The table that records which migrations ran. */
    private String historyTable = "ferry_schema_history";

    /** Values for ${name} placeholders in the migrations. */
    private Map<String, String> placeholders = new LinkedHashMap<>();

    /** Whether to check every applied migration against its file (and stop on any problem) before migrating. */
    private boolean validateOnMigrate = true;

    /** {@code ferry.protected}; described in additional-spring-configuration-metadata.json, as the field's name differs. */
    private boolean protectedDatabase;

    /** The environment name Ferry records in its logs and reports. */
    private String environment = "application";

    /** Where Ferry writes its run logs and reports (.ferry/ below it). Empty: the working directory. */
    private String projectDir = "";

    /** How long to wait for another instance that holds the migration lock. */
    private Duration lockTimeout = Duration.ofSeconds(60);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getLocations() {
        return locations;
    }

    public void setLocations(List<String> locations) {
        this.locations = locations;
    }

    public List<String> getSchemas() {
        return schemas;
    }

    public void setSchemas(List<String> schemas) {
        this.schemas = schemas;
    }

    public String getHistoryTable() {
        return historyTable;
    }

    public void setHistoryTable(String historyTable) {
        this.historyTable = historyTable;
    }

    public Map<String, String> getPlaceholders() {
        return placeholders;
    }

    public void setPlaceholders(Map<String, String> placeholders) {
        this.placeholders = placeholders;
    }

    public boolean isValidateOnMigrate() {
        return validateOnMigrate;
    }

    public void setValidateOnMigrate(boolean validateOnMigrate) {
        this.validateOnMigrate = validateOnMigrate;
    }

    /** {@code ferry.protected}: the name Java cannot use for a field. */
    public boolean isProtected() {
        return protectedDatabase;
    }

    public void setProtected(boolean value) {
        this.protectedDatabase = value;
    }

    public String getEnvironment() {
        return environment;
    }

    public void setEnvironment(String environment) {
        this.environment = environment;
    }

    public String getProjectDir() {
        return projectDir;
    }

    public void setProjectDir(String projectDir) {
        this.projectDir = projectDir;
    }

    public Duration getLockTimeout() {
        return lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }
}
