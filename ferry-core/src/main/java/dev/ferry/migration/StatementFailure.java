package dev.ferry.migration;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * A statement (or a Java migration's code) failed: which file, which line, and how many statements
 * before it stayed committed. Kept as a checked exception inside the engine until it is recorded and wrapped.
 */
final class StatementFailure extends Exception {
    final Path file;
    final int line;
    final int committed;
    /** The SQL error, or whatever a Java migration threw. */
    final Exception cause;
    private final String javaClass;

    StatementFailure(Path file, int line, int committed, SQLException cause) {
        this(file, line, committed, cause, null);
    }

    private StatementFailure(Path file, int line, int committed, Exception cause, String javaClass) {
        super(cause.getMessage(), cause);
        this.file = file;
        this.line = line;
        this.committed = committed;
        this.cause = cause;
        this.javaClass = javaClass;
    }

    /** A Java migration's {@code migrate} or {@code rollback} threw {@code cause}. */
    static StatementFailure inJava(String className, Exception cause) {
        return new StatementFailure(null, 0, 0, cause, className);
    }

    String where() {
        if (javaClass != null) {
            return javaClass;
        }
        return (file == null ? "(history)" : file.getFileName().toString()) + " line " + line;
    }

    String detail() {
        String msg = cause.getMessage() == null ? "" : cause.getMessage().strip().split("\n")[0];
        if (javaClass != null && !(cause instanceof SQLException)) {
            msg = cause.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
        }
        String state = cause instanceof SQLException sql && sql.getSQLState() != null ? " [SQLState " + sql.getSQLState() + "]" : "";
        return where() + ": " + msg + state;
    }
}
