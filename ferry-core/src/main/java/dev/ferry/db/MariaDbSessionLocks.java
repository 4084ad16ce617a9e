package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** MariaDB's named locks (GET_LOCK). */
final class MariaDbSessionLocks implements SessionLocks {
    @Override
    public boolean tryLock(Connection c, String lockName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, 0)")) {
            ps.setString(1, lockName(lockName));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    @Override
    public void unlock(Connection c, String lockName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            ps.setString(1, lockName(lockName));
            ps.executeQuery().close();
        }
    }

    @Override
    public String describeLockHolder(Connection c, String lockName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT p.ID, p.USER, p.HOST, p.TIME FROM information_schema.PROCESSLIST p WHERE p.ID = IS_USED_LOCK(?)")) {
            ps.setString(1, lockName(lockName));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "";
                }
                return "connection id " + rs.getLong(1) + ", user " + rs.getString(2) + ", from " + rs.getString(3)
                        + ", in its current state for " + rs.getLong(4) + " s";
            }
        }
    }

    /** GET_LOCK names are limited to 64 characters. */
    private static String lockName(String name) {
        return name.length() <= 64 ? name : name.substring(0, 48) + Integer.toHexString(name.hashCode());
    }
}
