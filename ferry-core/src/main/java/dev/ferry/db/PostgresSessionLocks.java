package dev.ferry.db;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** PostgreSQL's session advisory locks. */
final class PostgresSessionLocks implements SessionLocks {
    @Override
    public boolean tryLock(Connection c, String lockName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, lockKey(lockName));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public void unlock(Connection c, String lockName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, lockKey(lockName));
            ps.executeQuery().close();
        }
    }

    @Override
    public String describeLockHolder(Connection c, String lockName) throws SQLException {
        long key = lockKey(lockName);
        String sql = "SELECT a.pid, a.application_name, a.usename, a.client_addr, a.backend_start "
                + "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                + "WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 1";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, (key >>> 32) & 0xFFFFFFFFL);
            ps.setLong(2, key & 0xFFFFFFFFL);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "";
                }
                String app = rs.getString(2);
                return "backend pid " + rs.getInt(1)
                        + (app == null || app.isBlank() ? "" : " (" + app + ")")
                        + ", user " + rs.getString(3)
                        + (rs.getString(4) == null ? "" : ", from " + rs.getString(4))
                        + ", connected since " + rs.getTimestamp(5).toInstant();
            }
        }
    }

    /** Advisory locks take a 64-bit key; derive it from the name so each history table has its own. */
    static long lockKey(String lockName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(lockName.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
