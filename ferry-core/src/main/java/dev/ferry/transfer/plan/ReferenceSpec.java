package dev.ferry.transfer.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A target column that points at another entity: its value is that entity's new key for the legacy
 * key in {@code from}, a column name or a list of them (the parent's composite key, in its order).
 */
record ReferenceSpec(
        @JsonProperty("from") JsonNode from,
        @JsonProperty("entity") String entity,
        /** A node, not a string: YAML reads {@code on_missing_parent: null} as null, which arrives as a null node, unlike an absent key. */
        @JsonProperty("on_missing_parent") JsonNode onMissingParent,
        /** {@code deferred: true}: written NULL first and filled in a second pass once the parent is loaded. */
        @JsonProperty("deferred") Boolean deferred) {
}
