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

    private final Connection connection;

    StatementRunner(Connection connection) {
        this.connection = connection;
    }

    void run(List<ScriptExecution> scripts, boolean transactional, Finisher finisher) throws StatementFailure {
        int committed = 0;
        try {
            connection.setAutoCommit(!transactional);
        } catch (SQLException e) {
            throw new StatementFailure(null, 0, 0, e);
        }
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
            try {
                finisher.finish(connection);
                if (transactional) {
                    connection.commit();
                }
            } catch (SQLException e) {
                rollbackQuietly(transactional);
                throw new StatementFailure(null, 0, transactional ? 0 : committed, e);
            }
        } catch (SQLException e) {
            throw new StatementFailure(null, 0, transactional ? 0 : committed, e);
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // The connection is broken; the caller's next use reports it.
            }
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
