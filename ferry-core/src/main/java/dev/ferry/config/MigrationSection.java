package dev.ferry.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Schema-migration settings, at the top level of ferry.yaml (defaults) or inside an environment. */
record MigrationSection(
        @JsonProperty("locations") List<String> locations,
        @JsonProperty("layout") String layout,
        @JsonProperty("schemas") List<String> schemas,
        @JsonProperty("history_table") String historyTable,
        @JsonProperty("placeholders") Map<String, String> placeholders,
        @JsonProperty("placeholder_replacement") Boolean placeholderReplacement,
        @JsonProperty("lock_timeout") String lockTimeout,
        @JsonProperty("out_of_order") Boolean outOfOrder) {

    static final MigrationSection EMPTY = new MigrationSection(null, null, null, null, null, null, null, null);
}
