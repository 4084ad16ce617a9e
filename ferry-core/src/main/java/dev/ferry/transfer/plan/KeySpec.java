package dev.ferry.transfer.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The entity's key: the legacy key column in the source (or {@code columns}, several, for a
 * composite key), how the new key is made, and the target column that receives it.
 */
record KeySpec(
        @JsonProperty("column") String column,
        @JsonProperty("columns") List<String> columns,
        @JsonProperty("strategy") String strategy,
        @JsonProperty("target") String target) {
}
