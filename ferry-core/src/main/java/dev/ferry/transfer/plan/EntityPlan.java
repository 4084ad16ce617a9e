package dev.ferry.transfer.plan;

import java.util.List;
import java.util.Set;

/** One entity of a checked plan. */
public record EntityPlan(
        String name,
        String sourceTable,
        String sourceQuery,
        String targetTable,
        String where,
        EntityMode mode,
        String keyColumn,
        KeyStrategy keyStrategy,
        String keyTarget,
        List<ColumnPlan> columns,
        List<ReferencePlan> references,
        TenantPlan tenant,
        Set<String> dependsOn,
        int batchSize,
        RejectBudget maxRejects,
        boolean idMap,
        /** Key ranges copied in parallel; 0 means automatic (one per core for large entities with integer keys). */
        int split,
        boolean deferConstraints,
        ExpectSpec expect,
        String yamlLocation,
        /** For an update entity: the entity whose rows it updates, in whose namespace its keys are derived; else {@code null}. */
        String updates) {

    /** The entity whose namespace new keys are derived in: the updated entity for an update entity, else this one. */
    public String keyNamespace() {
        return updates != null ? updates : name;
    }

    /** The name used in messages: the entity and where it is written. */
    public String label() {
        return "entity '" + name + "' (" + yamlLocation + ")";
    }
}
