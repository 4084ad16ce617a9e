package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

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

    /** Makes the session's inserts keep explicit key values as given, 0 included (MariaDB renumbers an AUTO_INCREMENT 0 otherwise). */
    void keepExplicitKeys(Connection c) throws SQLException;

    /**
     * Stops the table's own triggers from firing on the writes that follow in the caller's
     * transaction, so that a restore or a recovery writes exactly the values it was given; Ferry's
     * audit triggers and the database's internal ones keep firing. Returns the statements that
     * turn the triggers back on, to run before the commit (a rollback turns them back on as well).
     *
     * @throws dev.ferry.FerryException ({@link dev.ferry.ErrorCode#REFUSED_FOR_SAFETY}) where the
     *     database cannot stop a table's triggers inside a transaction and the table has some
     */
    List<String> pauseUserTriggers(Connection c, TableRef table) throws SQLException;

    /**
     * Whether {@link #pauseUserTriggers} can pause triggers. Where it cannot, it only reads the
     * catalog and refuses, so a caller may run it early as a check, before doing anything else.
     */
    boolean canPauseUserTriggers();

    /** DDL for {@code ferry_snapshots}, the record of in-database table copies, IF NOT EXISTS; {@code schema} is unquoted. */
    String snapshotStateTable(String schema);
}
