package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The catalog questions of verification's integrity checks, and how those checks keep to one process
 * per query while other work runs. A part of its own so that new checks grow here, not in {@link Dialect}.
 */
public interface IntegritySql {
    /**
     * Constraints the database holds without having checked existing rows (PostgreSQL's NOT VALID),
     * as {@code table.constraint}; {@code null} when the database has no such thing.
     */
    List<String> notValidConstraints(Connection c, String schema) throws SQLException;

    /** Foreign keys whose column leads no index (deletes of parents then scan the child), as {@code table.column}. */
    List<String> unindexedForeignKeys(Connection c, String schema) throws SQLException;

    /**
     * Lets rows back into {@code table} that its own foreign keys were not checked against when they
     * were first written: orphans a fix moved out, which undoing the fix puts back as they were.
     * Returns the statements that turn the checks back on, to run before the commit. PostgreSQL
     * drops the table's NOT VALID foreign keys (the only ones its orphans can break) and adds them
     * back NOT VALID, as they were; MariaDB stops checking foreign keys in the session.
     */
    List<String> admitOrphans(Connection c, TableRef table) throws SQLException;

    /**
     * Whether row-level security is on for the table: its policies filter nothing while it is off,
     * and nothing for the table's owner unless it is also forced. {@code null} when the database has
     * no row-level security.
     */
    RowSecurity rowSecurity(Connection c, TableRef table) throws SQLException;

    /** A table's row-level-security switches, as the catalog holds them. */
    record RowSecurity(boolean enabled, boolean forced) {
    }

    /**
     * Makes the session of {@code c} run each query in its own process only. For checks that run
     * beside other queries of the same command, which already keep the server's cores busy:
     * PostgreSQL would otherwise plan parallel hash joins that cost about three times the CPU of
     * the merge joins it picks for one process. Nothing by default.
     */
    default void runQueriesSerially(Connection c) throws SQLException {
    }
}
