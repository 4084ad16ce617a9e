package dev.ferry.transfer.plan;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Plan-wide defaults; each entity may override them. */
record DefaultsSpec(
        @JsonProperty("batch_size") Integer batchSize,
        @JsonProperty("min_batch") Integer minBatch,
        @JsonProperty("max_batch") Integer maxBatch,
        @JsonProperty("commit_target") String commitTarget,
        @JsonProperty("max_rejects") String maxRejects,
        @JsonProperty("id_map") Boolean idMap,
        @JsonProperty("max_retries") Integer maxRetries) {

    static final DefaultsSpec EMPTY = new DefaultsSpec(null, null, null, null, null, null, null);
}
