package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Named locks held by a database session, which a crashed process releases by losing its
 * connection: migrations, transfer rollbacks and the health report take or probe them. A part of
 * its own so that {@link Dialect} keeps only what every capability needs.
 */
public interface SessionLocks {
    /** Tries once to take the named session lock on {@code c}; never blocks. */
    boolean tryLock(Connection c, String lockName) throws SQLException;

    void unlock(Connection c, String lockName) throws SQLException;

    /** Describes the session that holds the lock, for the "who holds it" message; empty if unknown. */
    String describeLockHolder(Connection c, String lockName) throws SQLException;
}
