package dev.ferry.transfer.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;

/** One entity of a plan as written. */
record EntitySpec(
        @JsonProperty("from") String from,
        @JsonProperty("query") String query,
        @JsonProperty("to") String to,
        @JsonProperty("where") String where,
        @JsonProperty("mode") String mode,
        @JsonProperty("key") KeySpec key,
        @JsonProperty("columns") LinkedHashMap<String, ColumnSpec> columns,
        @JsonProperty("references") LinkedHashMap<String, ReferenceSpec> references,
        @JsonProperty("tenant") TenantSpec tenant,
        @JsonProperty("depends_on") java.util.List<String> dependsOn,
        @JsonProperty("batch_size") Integer batchSize,
        @JsonProperty("max_rejects") String maxRejects,
        @JsonProperty("id_map") Boolean idMap,
        @JsonProperty("split") Integer split,
        @JsonProperty("defer_constraints") Boolean deferConstraints,
        @JsonProperty("expect") ExpectSpec expect,
        @JsonProperty("updates") String updates) {
}
