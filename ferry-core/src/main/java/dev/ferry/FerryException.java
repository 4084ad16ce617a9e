package dev.ferry;

import java.sql.SQLException;

/**
 * The one exception Ferry throws. It is unchecked so API callers are not forced into empty catch
 * blocks, and it always carries an {@link ErrorCode} so the CLI can map it to an exit code.
 * The message is written for the user: it says what is wrong and how to fix it.
 */
public class FerryException extends RuntimeException {
    private final ErrorCode code;

    public FerryException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public FerryException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static FerryException invalidInput(String message) {
        return new FerryException(ErrorCode.INVALID_INPUT, message);
    }

    public static FerryException failure(String message, Throwable cause) {
        return new FerryException(ErrorCode.FAILURE, message, cause);
    }

    /**
     * Wraps an SQL error once, at the boundary where we know which file and line caused it.
     *
     * @param where a human location such as {@code V3__add_index.sql line 12}, or a short action
     */
    public static FerryException sql(String where, SQLException e) {
        String state = e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]";
        return new FerryException(ErrorCode.FAILURE, where + ": " + firstLine(e.getMessage()) + state, e);
    }

    /** The same, followed by what happened to the work and what to do next. */
    public static FerryException sql(String where, SQLException e, String advice) {
        return new FerryException(ErrorCode.FAILURE, sql(where, e).getMessage() + ". " + advice, e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message from the server)";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }
}
