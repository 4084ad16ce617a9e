package dev.ferry.migration;

import java.sql.SQLException;
import java.nio.file.Path;

/**
 * A statement failed: which file, which line, and how many statements before it stayed
 * committed. Kept as a checked exception inside the engine until it is recorded and wrapped.
 */
final class StatementFailure extends Exception {
    final Path file;
    final int line;
    final int committed;
    final SQLException sqlException;

    StatementFailure(Path file, int line, int committed, SQLException cause) {
        super(cause.getMessage(), cause);
        this.file = file;
        this.line = line;
        this.committed = committed;
        this.sqlException = cause;
    }

    String where() {
        return (file == null ? "(history)" : file.getFileName().toString()) + " line " + line;
    }

    String detail() {
        String msg = sqlException.getMessage() == null ? "" : sqlException.getMessage().strip().split("\n")[0];
        return where() + ": " + msg + (sqlException.getSQLState() == null ? "" : " [SQLState " + sqlException.getSQLState() + "]");
    }
}
