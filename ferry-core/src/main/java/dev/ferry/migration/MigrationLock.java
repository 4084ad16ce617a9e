package dev.ferry.migration;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Makes sure only one process migrates a database at a time. The lock is a session lock
 * (PostgreSQL advisory lock, MariaDB GET_LOCK) held on a connection of its own that never opens
 * a transaction, so it cannot block {@code CREATE INDEX CONCURRENTLY}, and it disappears with the
 * session when a process is killed.
 */
public final class MigrationLock implements AutoCloseable {
    private final Connection connection;
    private final Dialect dialect;
    private final String name;

    private MigrationLock(Connection connection, Dialect dialect, String name) {
        this.connection = connection;
        this.dialect = dialect;
        this.name = name;
    }

    /** Waits up to {@code timeout} for the lock, then fails with {@link ErrorCode#LOCK_NOT_ACQUIRED}. */
    public static MigrationLock acquire(Database database, String name, Duration timeout, String applicationName,
                                        Runnable onWait) {
        Connection c = database.connect(applicationName + " (lock)");
        Dialect dialect = database.dialect();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean waited = false;
        try {
            c.setAutoCommit(true);
            while (true) {
                if (dialect.locks().tryLock(c, name)) {
                    return new MigrationLock(c, dialect, name);
                }
                if (!waited) {
                    onWait.run();
                    waited = true;
                }
                if (System.nanoTime() >= deadline) {
                    String holder = dialect.locks().describeLockHolder(c, name);
                    c.close();
                    throw new FerryException(ErrorCode.LOCK_NOT_ACQUIRED, "Another migration holds the lock on " + database.displayUrl()
                            + (holder.isEmpty() ? "" : " (" + holder + ")") + " and did not release it within "
                            + timeout.toSeconds() + " s. Wait for it to finish, or raise --lock-timeout");
                }
                Thread.sleep(Math.min(250, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            }
        } catch (SQLException e) {
            closeQuietly(c);
            throw FerryException.sql("Taking the migration lock", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(c);
            throw new FerryException(ErrorCode.FAILURE, "Interrupted while waiting for the migration lock", e);
        }
    }

    @Override
    public void close() {
        try {
            dialect.locks().unlock(connection, name);
        } catch (SQLException e) {
            // Closing the session below releases the lock anyway.
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Nothing left to do with a connection we are abandoning.
        }
    }
}
