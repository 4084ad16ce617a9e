package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The table health doctor reports: space held by deleted rows, indexes the server cannot use and
 * key generators close to running out. Each database keeps these in its own catalogs, so each
 * has its own part; a check a database has no notion of returns nothing.
 */
public interface TableHealthSql {

    /**
     * Tables holding much space for rows that are gone: PostgreSQL's dead tuples (with the last
     * vacuum and analyze), MariaDB's free space inside the table (data_free).
     */
    List<TableHealthIssue> reclaimable(Connection c, List<String> schemas, HealthLimits limits) throws SQLException;

    /** Indexes the server keeps but cannot use (PostgreSQL: a failed CREATE INDEX CONCURRENTLY); none on MariaDB. */
    List<TableHealthIssue> invalidIndexes(Connection c, List<String> schemas) throws SQLException;

    /** Sequences (PostgreSQL) or AUTO_INCREMENT columns (MariaDB) that have used {@code limits.keysUsed()} of their range or more. */
    List<TableHealthIssue> keysNearMaximum(Connection c, List<String> schemas, HealthLimits limits) throws SQLException;

    /** One finding: which check, on what object, what was seen. */
    record TableHealthIssue(String check, String object, String detail) {
    }

    /**
     * When a table counts as unhealthy.
     *
     * @param deadRows dead tuples worth a warning, if also more than {@code deadShare} of the live rows
     * @param freeBytes free space inside a table worth a warning, if also more than {@code freeShare} of its size
     * @param keysUsed the share of a sequence's range used up that earns a warning
     */
    record HealthLimits(long deadRows, double deadShare, long freeBytes, double freeShare, double keysUsed) {
        public static final HealthLimits DEFAULTS = new HealthLimits(1000, 0.2, 64L * 1024 * 1024, 0.2, 0.8);
    }
}
