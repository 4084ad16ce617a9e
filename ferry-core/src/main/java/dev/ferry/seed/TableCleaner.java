package dev.ferry.seed;

import dev.ferry.db.Catalogs;
import dev.ferry.db.Dialect;
import dev.ferry.db.ForeignKey;
import dev.ferry.db.TableRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Empties the tables seed files fill, children before parents (along the declared foreign keys),
 * so no delete trips over a row that still points at it.
 */
final class TableCleaner {
    private TableCleaner() {
    }

    /** The tables in the order they can be emptied: a table after every table that references it. */
    static List<TableRef> childrenFirst(Connection c, Dialect d, String schema, List<TableRef> tables) throws SQLException {
        List<ForeignKey> fks = d.foreignKeys(c, schema);
        List<TableRef> remaining = new ArrayList<>(tables);
        List<TableRef> ordered = new ArrayList<>();
        while (!remaining.isEmpty()) {
            TableRef next = remaining.stream().filter(t -> remaining.stream().noneMatch(r -> !r.equals(t) && references(fks, schema, r, t)))
                    .findFirst().orElse(remaining.get(0));
            remaining.remove(next);
            ordered.add(next);
        }
        return ordered;
    }

    private static boolean references(List<ForeignKey> fks, String schema, TableRef child, TableRef parent) {
        return child.schema().equals(schema) && parent.schema().equals(schema)
                && fks.stream().anyMatch(fk -> fk.table().equals(child.table()) && fk.refTable().equals(parent.table()));
    }

    /** Deletes every row of each table, in the caller's transaction, and returns what each held. */
    static List<CleanedTable> empty(Connection c, Dialect d, List<TableRef> ordered) throws SQLException {
        List<CleanedTable> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            for (TableRef t : ordered) {
                out.add(new CleanedTable(t.table(), st.executeUpdate("DELETE FROM " + t.quoted(d))));
            }
        }
        return out;
    }

    /** What {@link #empty} would delete. */
    static List<CleanedTable> count(Connection c, Dialect d, List<TableRef> ordered) throws SQLException {
        List<CleanedTable> out = new ArrayList<>();
        for (TableRef t : ordered) {
            out.add(new CleanedTable(t.table(), Catalogs.count(c, "SELECT count(*) FROM " + t.quoted(d))));
        }
        return out;
    }
}
