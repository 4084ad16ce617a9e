package dev.ferry.transfer.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A transfer plan exactly as written in YAML (see {@link TransferPlan} for the checked form). */
record PlanFile(
        @JsonProperty("source") ConnectionSpec source,
        @JsonProperty("target") ConnectionSpec target,
        @JsonProperty("backup") Boolean backup,
        @JsonProperty("defaults") DefaultsSpec defaults,
        @JsonProperty("entities") LinkedHashMap<String, EntitySpec> entities,
        @JsonProperty("groups") LinkedHashMap<String, List<String>> groups) {

    PlanFile {
        defaults = defaults == null ? DefaultsSpec.EMPTY : defaults;
        entities = entities == null ? new LinkedHashMap<>() : entities;
        groups = groups == null ? new LinkedHashMap<>() : groups;
    }

    Map<String, EntitySpec> entityMap() {
        return entities;
    }
}
