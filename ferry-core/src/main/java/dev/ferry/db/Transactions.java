package dev.ferry.db;

import dev.ferry.FerryException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * One transaction, written once: auto-commit off, the work, commit; on any failure a rollback
 * that never hides the error that caused it; the connection's auto-commit setting as it was
 * before, whatever happened. An {@link SQLException} is wrapped once, into a {@link FerryException}
 * naming where it happened and carrying its SQLState; unchecked exceptions pass through as they are.
 *
 * <p>Blocks that keep a transaction open on purpose (a cursor streaming rows, a commit per batch,
 * an exported snapshot) do not fit here and stay hand-written.
 */
public final class Transactions {
    private Transactions() {
    }

    /** Work in a transaction that returns nothing. */
    @FunctionalInterface
    public interface Work {
        void run() throws SQLException;
    }

    /** Work in a transaction that returns a value. */
    @FunctionalInterface
    public interface Returning<T> {
        T call() throws SQLException;
    }

    /** Runs {@code work} in one transaction; an SQL error is reported as a failed transaction. */
    public static void run(Connection connection, Work work) {
        run(connection, "Transaction rolled back", work);
    }

    /** @param where what was being done, e.g. {@code Undoing fix run X}; it starts the error message */
    public static void run(Connection connection, String where, Work work) {
        call(connection, where, () -> {
            work.run();
            return null;
        });
    }

    /** @param wrap turns the SQL error into the one exception the caller reports, for messages that depend on how far the work got */
    public static void run(Connection connection, Function<SQLException, FerryException> wrap, Work work) {
        call(connection, wrap, () -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code work} in one transaction and returns its value. */
    public static <T> T call(Connection connection, Returning<T> work) {
        return call(connection, "Transaction rolled back", work);
    }

    /** @param where what was being done; it starts the error message */
    public static <T> T call(Connection connection, String where, Returning<T> work) {
        return call(connection, e -> FerryException.sql(where, e), work);
    }

    /** @param wrap turns the SQL error into the one exception the caller reports; called at most once */
    public static <T> T call(Connection connection, Function<SQLException, FerryException> wrap, Returning<T> work) {
        boolean autoCommit;
        try {
            autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw wrap.apply(e);
        }
        T result;
        try {
            result = work.call();
            connection.commit();
        } catch (SQLException e) {
            undo(connection, autoCommit, e);
            throw wrap.apply(e);
        } catch (RuntimeException | Error e) {
            undo(connection, autoCommit, e);
            throw e;
        }
        try {
            connection.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            throw wrap.apply(e);
        }
        return result;
    }

    /** Rolls back and restores auto-commit; a failure of either is kept beside the error that caused them. */
    private static void undo(Connection connection, boolean autoCommit, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
        try {
            connection.setAutoCommit(autoCommit);
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
