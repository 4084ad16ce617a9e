package dev.ferry.transfer.plan;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A target column that points at another entity: its value is that entity's new key for the legacy key in {@code from}. */
record ReferenceSpec(
        @JsonProperty("from") String from,
        @JsonProperty("entity") String entity) {
}
