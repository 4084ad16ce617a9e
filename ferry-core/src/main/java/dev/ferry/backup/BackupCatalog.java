package dev.ferry.backup;

import dev.ferry.db.Catalogs;
import dev.ferry.db.TableRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Catalog questions a backup asks, in the information_schema SQL both databases share. */
final class BackupCatalog {
    private BackupCatalog() {
    }

    /** The base tables of a schema, by name. */
    static List<String> tables(Connection c, String schema) throws SQLException {
        return Catalogs.strings(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = ? "
                + "AND table_type IN ('BASE TABLE', 'SYSTEM VERSIONED') ORDER BY table_name", schema);
    }

    /** The columns a dump reads and a restore writes: every column except generated ones, in table order. */
    static List<String> dataColumns(Connection c, TableRef table) throws SQLException {
        return Catalogs.strings(c, "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
                + "AND (is_generated IS NULL OR is_generated = 'NEVER') ORDER BY ordinal_position", table.schema(), table.table());
    }
}
