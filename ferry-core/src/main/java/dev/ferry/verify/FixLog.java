package dev.ferry.verify;

import dev.ferry.db.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code ferry_fixes}: one row per changed target row (fix run, kind, table, key, where a moved
 * row went, its values before the fix as JSON, why, when, by whom), so every fix can be undone.
 */
final class FixLog implements AutoCloseable {
    static final String TABLE = "ferry_fixes";
    static final String QUARANTINE = "quarantine";
    static final String INSERTED = "resync_inserted";
    static final String UPDATED = "resync_updated";
    static final String TENANT = "tenant_backfill";
    /** A rejected row brought in; {@code moved_to} names its entity, {@code before_row} its reject. */
    static final String READMITTED = "reject_admitted";

    private final PreparedStatement insert;
    private final String fixRun;
    private int seq;

    FixLog(Connection c, Dialect d, String fixRun, int firstSeq) throws SQLException {
        this.fixRun = fixRun;
        this.seq = firstSeq;
        this.insert = c.prepareStatement("INSERT INTO " + d.quote(TABLE)
                + " (fix_run, seq, kind, table_name, row_key, moved_to, before_row, reason, applied_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    static void create(Connection c, Dialect d) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + d.quote(TABLE) + " (fix_run VARCHAR(40) NOT NULL, seq INT NOT NULL, "
                    + "kind VARCHAR(40) NOT NULL, table_name VARCHAR(400) NOT NULL, row_key VARCHAR(1000) NOT NULL, "
                    + "moved_to VARCHAR(400), before_row TEXT, reason VARCHAR(1000), applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, "
                    + "applied_by VARCHAR(100), undone BOOLEAN NOT NULL DEFAULT false, PRIMARY KEY (fix_run, seq))");
        }
    }

    void add(String kind, String table, String key, String movedTo, String beforeJson, String reason) throws SQLException {
        insert.setString(1, fixRun);
        insert.setInt(2, ++seq);
        insert.setString(3, kind);
        insert.setString(4, table);
        insert.setString(5, key);
        insert.setString(6, movedTo);
        insert.setString(7, beforeJson);
        insert.setString(8, reason);
        insert.setString(9, System.getProperty("user.name"));
        insert.addBatch();
    }

    int seq() {
        return seq;
    }

    void flush() throws SQLException {
        insert.executeBatch();
    }

    @Override
    public void close() throws SQLException {
        insert.close();
    }
}
