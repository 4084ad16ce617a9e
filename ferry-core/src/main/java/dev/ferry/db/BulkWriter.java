package dev.ferry.db;

import java.sql.SQLException;
import java.util.List;

/**
 * Writes many rows into one table as fast as the database allows (PostgreSQL: COPY; MariaDB:
 * multi-row INSERT). Values are text or {@code null}, in the column order the writer was made
 * with. Runs inside the caller's transaction.
 */
public interface BulkWriter {
    void write(List<String[]> rows) throws SQLException;

    /**
     * The index (0-based, within the last {@link #write} call) of the row the database named in
     * this error, or -1 when it did not name one.
     */
    default int failingRow(SQLException e) {
        return -1;
    }
}
