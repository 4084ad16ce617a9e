package dev.ferry.rekey;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;

/** A rekey plan exactly as written in YAML (see {@link RekeyPlan} for the checked form). */
record RekeyPlanFile(@JsonProperty("rekey") Section rekey) {

    record Section(
            @JsonProperty("tables") LinkedHashMap<String, TableSpec> tables,
            @JsonProperty("references") LinkedHashMap<String, String> references,
            @JsonProperty("batch") Integer batch,
            @JsonProperty("rate") Integer rate,
            @JsonProperty("lock_timeout") String lockTimeout,
            @JsonProperty("retries") Integer retries,
            @JsonProperty("before_expand") String beforeExpand) {
    }

    /** One table: its integer key column and the entity whose namespace its UUIDs are derived in. */
    record TableSpec(@JsonProperty("key") String key, @JsonProperty("entity") String entity) {
    }
}
