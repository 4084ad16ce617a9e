package dev.ferry.transfer;

import dev.ferry.db.ColumnInfo;
import dev.ferry.db.TableRef;
import dev.ferry.transfer.plan.EntityPlan;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An entity made ready to run against real databases: its source query, row mapper, target
 * table, the column types on both sides, and every entity it must wait for.
 */
record EntityJob(
        EntityPlan plan,
        SourceQuery query,
        RowMapper mapper,
        TableRef target,
        List<ColumnInfo> targetColumns,
        Map<String, ColumnInfo> sourceColumns,
        boolean integerKey,
        Set<String> dependsOn) {

    String name() {
        return plan.name();
    }
}
