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
 * @param integerKey whether the legacy key is one integer column: only such an entity is split into
 *        key ranges copied in parallel and hashed by key segments; a composite key (even of integers)
 *        is read as one slice, paged by its whole tuple
 * @param sourceEnforced the reference columns (source side) whose every value the source's own
 *        foreign key guarantees to be a key of the parent entity's source table
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
        Set<String> sourceEnforced) {

    public String name() {
        return plan.name();
    }
}
