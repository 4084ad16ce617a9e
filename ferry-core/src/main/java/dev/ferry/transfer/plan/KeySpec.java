package dev.ferry.transfer.plan;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The entity's key: the legacy key column in the source, how the new key is made, and the target
 * column that receives it.
 */
record KeySpec(
        @JsonProperty("column") String column,
        @JsonProperty("strategy") String strategy,
        @JsonProperty("target") String target) {
}
