package dev.ferry.transfer.plan;

import dev.ferry.db.ColumnInfo;
import dev.ferry.db.TableRef;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An entity made ready to run against real databases: its source query, row mapper, target
 * table, the column types on both sides, and every entity it must wait for.
 *
 * <p>A second pass is a job of its own, named {@code entity.column} (a name no plan entity can
 * have): an update of the one column its entity wrote NULL, run once the column's parent is loaded.
 *
 * @param integerKey whether the legacy key is one integer column: only such an entity is split into
 *        key ranges copied in parallel and hashed by key segments; a composite key (even of integers)
 *        is read as one slice, paged by its whole tuple
 * @param sourceEnforced the reference columns (source side) whose every value the source's own
 *        foreign key guarantees to be a key of the parent entity's source table
 * @param dependencies why the entity waits for each entity of {@code dependsOn}; the deferred ones
 *        it does not wait for, and writes their column NULL
 */
public record EntityJob(
        EntityPlan plan,
        SourceQuery query,
        RowMapper mapper,
        TableRef target,
        List<ColumnInfo> targetColumns,
        Map<String, ColumnInfo> sourceColumns,
        boolean integerKey,
        Set<String> dependsOn,
        Set<String> sourceEnforced,
        List<Dependency> dependencies) {

    public EntityJob(EntityPlan plan, SourceQuery query, RowMapper mapper, TableRef target, List<ColumnInfo> targetColumns,
                     Map<String, ColumnInfo> sourceColumns, boolean integerKey, Set<String> dependsOn, Set<String> sourceEnforced) {
        this(plan, query, mapper, target, targetColumns, sourceColumns, integerKey, dependsOn, sourceEnforced, List.of());
    }

    public String name() {
        return plan.name();
    }

    /** Whether this job fills a column its entity left NULL (see the class comment). */
    public boolean secondPass() {
        return isSecondPass(plan.name());
    }

    /** For a second pass: the column it fills and the parent it waits for; {@code null} for an entity. */
    public Dependency filled() {
        return secondPass() ? dependencies.stream().filter(d -> d.column() != null).findFirst().orElseThrow() : null;
    }

    /** Whether a step of a run (a checkpoint's entity) is a second pass rather than an entity of the plan. */
    public static boolean isSecondPass(String step) {
        return step.indexOf('.') > 0;
    }

    /** The target columns this job writes NULL because a second pass fills them. */
    public Set<String> deferredColumns() {
        Set<String> out = new java.util.LinkedHashSet<>();
        dependencies.stream().filter(Dependency::deferred).forEach(d -> out.add(d.column()));
        return out;
    }

    /** The row the first pass writes: the mapped row with the deferred columns NULL. */
    public String[] mapFirstPass(String[] source) throws RowMapper.RowRejected {
        String[] row = mapper.map(source);
        for (Dependency d : dependencies) {
            if (d.deferred()) {
                row[mapper.targetColumns().indexOf(d.column())] = null;
            }
        }
        return row;
    }
}
