package dev.ferry.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** One named environment in ferry.yaml. Migration keys here override the top-level defaults. */
record EnvironmentSection(
        @JsonProperty("url") String url,
        @JsonProperty("user") String user,
        @JsonProperty("password") String password,
        @JsonProperty("protected") Boolean protectedEnvironment,
        @JsonProperty("connect_timeout") String connectTimeout,
        @JsonProperty("locations") List<String> locations,
        @JsonProperty("layout") String layout,
        @JsonProperty("schemas") List<String> schemas,
        @JsonProperty("history_table") String historyTable,
        @JsonProperty("placeholders") Map<String, String> placeholders,
        @JsonProperty("placeholder_replacement") Boolean placeholderReplacement,
        @JsonProperty("lock_timeout") String lockTimeout,
        @JsonProperty("out_of_order") Boolean outOfOrder,
        @JsonProperty("backup_dir") String backupDir,
        @JsonProperty("backup_before_rollback") Boolean backupBeforeRollback) {

    static final EnvironmentSection EMPTY =
            new EnvironmentSection(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
}
