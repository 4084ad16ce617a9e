package dev.ferry.transfer;

import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import dev.ferry.db.TransferSql;
import dev.ferry.transfer.plan.EntityJob;
import dev.ferry.transfer.plan.EntityMode;
import dev.ferry.transfer.plan.KeyStrategy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The entities whose legacy key the source itself guarantees unique: the key's columns are NOT
 * NULL and a primary key or unique index covers exactly them, on a table read alone (not through
 * tables inheriting from it, whose rows the index does not cover). Only such an entity's rows can
 * never collide in the target's primary key or the ID map, so only their keys may be set aside
 * during a load without losing the per-row reject a duplicate would otherwise get.
 */
final class UniqueSourceKeys {
    private UniqueSourceKeys() {
    }

    static Set<String> of(Connection src, Dialect dialect, List<EntityJob> jobs) throws SQLException {
        Set<String> out = new HashSet<>();
        for (EntityJob job : jobs) {
            if (job.plan().mode() == EntityMode.INSERT && job.plan().keyStrategy() != KeyStrategy.GENERATED && guaranteed(src, dialect, job)) {
                out.add(job.name());
            }
        }
        return out;
    }

    private static boolean guaranteed(Connection src, Dialect dialect, EntityJob job) throws SQLException {
        TableRef table = job.query().table();
        if (table == null) {
            return false;
        }
        TransferSql.TablesBelow below = dialect.transfer().tablesBelow(src, table);
        if (below != null && !below.partitions()) {
            return false;
        }
        Set<String> key = lower(job.plan().keyColumns());
        for (String column : job.plan().keyColumns()) {
            ColumnInfo info = job.sourceColumns().get(column);
            if (info == null || info.nullable()) {
                return false;
            }
        }
        return dialect.seeds().uniqueKeys(src, table).stream().anyMatch(unique -> lower(unique).equals(key));
    }

    private static Set<String> lower(List<String> columns) {
        return columns.stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
