package dev.ferry.db;

/**
 * Copies of tables inside the database: in-database snapshots and their record, quarantined rows,
 * rows put back by a transfer rollback. A part of its own so that {@link Dialect} keeps only what
 * every capability needs.
 */
public interface TableCopySql {
    /** DDL creating an empty table with the same columns as {@code like}, if it does not exist yet. */
    String createTableLike(String table, String like);

    /**
     * An INSERT that copies the rows a SELECT returns into {@code table}'s {@code columns} (both
     * already quoted), keys included even where the table would generate them.
     */
    String insertSelect(String table, String columns, String select);

    /** DDL for {@code ferry_snapshots}, the record of in-database table copies, IF NOT EXISTS; {@code schema} is unquoted. */
    String snapshotStateTable(String schema);
}
