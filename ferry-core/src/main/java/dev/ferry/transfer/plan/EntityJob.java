package dev.ferry.transfer.plan;

import dev.ferry.db.ColumnInfo;
import dev.ferry.db.TableRef;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An entity made ready to run against real databases: its source query, row mapper, target
 * table, the column types on both sides, and every entity it must wait for.
 */
public record EntityJob(
        EntityPlan plan,
        SourceQuery query,
        RowMapper mapper,
        TableRef target,
        List<ColumnInfo> targetColumns,
        Map<String, ColumnInfo> sourceColumns,
        boolean integerKey,
        Set<String> dependsOn) {

    public String name() {
        return plan.name();
    }
}
