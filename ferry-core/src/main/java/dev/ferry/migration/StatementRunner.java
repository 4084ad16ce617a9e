package dev.ferry.migration;

import dev.ferry.db.SqlStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs prepared scripts on one connection, either all inside one transaction (which then also
 * holds the history write, so a migration and its record commit together) or statement by
 * statement, counting what stayed committed when one fails.
 */
final class StatementRunner {
    /** The work to do inside the transaction after the scripts, e.g. writing the history row. */
    interface Finisher {
        void finish(Connection c) throws SQLException;
    }

    /** A Java migration's work on the transaction's connection. */
    interface Code {
        void run(Connection c) throws Exception;
    }

    private final Connection connection;

    StatementRunner(Connection connection) {
        this.connection = connection;
    }

    void run(List<ScriptExecution> scripts, boolean transactional, Finisher finisher) throws StatementFailure {
        try {
            connection.setAutoCommit(!transactional);
        } catch (SQLException e) {
            throw new StatementFailure(null, 0, 0, e);
        }
        try {
            int committed = execute(scripts, transactional);
            finish(finisher, transactional, committed);
        } finally {
            restoreAutoCommit();
        }
    }

    /**
     * Runs scripts, Java code, more scripts and the finisher in one transaction on every database:
     * Java migrations mostly change data, which even MariaDB rolls back (DDL they run commits there at once).
     *
     * @param className the Java migration, for the failure's message
     */
    void runWithCode(List<ScriptExecution> before, String className, Code code, List<ScriptExecution> after, Finisher finisher)
            throws StatementFailure {
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new StatementFailure(null, 0, 0, e);
        }
        try {
            execute(before, true);
            try {
                code.run(connection);
            } catch (Exception e) {
                rollbackQuietly(true);
                throw StatementFailure.inJava(className, e);
            }
            execute(after, true);
            finish(finisher, true, 0);
        } finally {
            restoreAutoCommit();
        }
    }

    /** Runs the statements; in a transaction, a failure rolls it back. Returns how many ran. */
    private int execute(List<ScriptExecution> scripts, boolean transactional) throws StatementFailure {
        int committed = 0;
        try (Statement st = connection.createStatement()) {
            for (ScriptExecution script : scripts) {
                for (SqlStatement statement : script.statements()) {
                    try {
                        st.execute(statement.sql());
                    } catch (SQLException e) {
                        rollbackQuietly(transactional);
                        throw new StatementFailure(script.file(), statement.line(), transactional ? 0 : committed, e);
                    }
                    committed++;
                }
            }
        } catch (SQLException e) {
            rollbackQuietly(transactional);
            throw new StatementFailure(null, 0, transactional ? 0 : committed, e);
        }
        return committed;
    }

    private void finish(Finisher finisher, boolean transactional, int committed) throws StatementFailure {
        try {
            finisher.finish(connection);
            if (transactional) {
                connection.commit();
            }
        } catch (SQLException e) {
            rollbackQuietly(transactional);
            throw new StatementFailure(null, 0, transactional ? 0 : committed, e);
        }
    }

    private void restoreAutoCommit() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // The connection is broken; the caller's next use reports it.
        }
    }

    private void rollbackQuietly(boolean transactional) {
        if (!transactional) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // A failed rollback means the connection is gone, which rolls back too.
        }
    }
}
