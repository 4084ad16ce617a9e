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
        String updates,
        /** The legacy key's source columns: one, or several for a composite key ({@code keyColumn} is the first). */
        List<String> keyColumns) {

    /** An entity whose key is the one column {@code keyColumn}. */
    public EntityPlan(String name, String sourceTable, String sourceQuery, String targetTable, String where, EntityMode mode,
                      String keyColumn, KeyStrategy keyStrategy, String keyTarget, List<ColumnPlan> columns, List<ReferencePlan> references,
                      TenantPlan tenant, Set<String> dependsOn, int batchSize, RejectBudget maxRejects, boolean idMap, int split,
                      boolean deferConstraints, ExpectSpec expect, String yamlLocation, String updates) {
        this(name, sourceTable, sourceQuery, targetTable, where, mode, keyColumn, keyStrategy, keyTarget, columns, references, tenant,
                dependsOn, batchSize, maxRejects, idMap, split, deferConstraints, expect, yamlLocation, updates, List.of(keyColumn));
    }

    /** Whether the legacy key has several columns; its text is then a {@link KeyTuples tuple}. */
    public boolean compositeKey() {
        return keyColumns.size() > 1;
    }

    /**
     * The target columns that hold the new key: none when the target generates it, the key's own
     * columns for a composite key the target keeps, else {@code keyTarget}.
     */
    public List<String> keyTargets() {
        if (keyStrategy == KeyStrategy.GENERATED || keyTarget == null && !compositeKey()) {
            return List.of();
        }
        return compositeKey() && keyStrategy == KeyStrategy.KEEP ? keyColumns : List.of(keyTarget);
    }

    /** The entity whose namespace new keys are derived in: the updated entity for an update entity, else this one. */
    public String keyNamespace() {
        return updates != null ? updates : name;
    }

    /** The name used in messages: the entity and where it is written. */
    public String label() {
        return "entity '" + name + "' (" + yamlLocation + ")";
    }
}
