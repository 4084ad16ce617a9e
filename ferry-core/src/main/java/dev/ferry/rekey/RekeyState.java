package dev.ferry.rekey;

import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ferry_rekey}: one row per re-keyed table, in the database itself, so that a run killed at
 * any point resumes from what was committed: the phase, the last key the backfill reached and the
 * highest key present when it started.
 */
final class RekeyState {
    /** A table's row. {@code backfillUpto} is the highest key present when the backfill began; rows above it belong to the trigger. */
    record Row(String table, String key, String phase, Long backfillUpto, Long backfillDoneTo, long backfillRows, String runId) {
    }

    private final Dialect dialect;
    private final String table;
    private final String saved;
    private final TableRef savedRef;

    RekeyState(Dialect dialect, String schema) {
        this.dialect = dialect;
        this.table = new TableRef(schema, "ferry_rekey").quoted(dialect);
        this.savedRef = new TableRef(schema, "ferry_rekey_saved");
        this.saved = savedRef.quoted(dialect);
    }

    String create(String schema) {
        return dialect.rekey().stateTable(schema);
    }

    boolean exists(Connection c, String schema) throws SQLException {
        return dialect.tableExists(c, schema, "ferry_rekey");
    }

    /** The phase of a table, {@code not started} when it has no row (or there is no state table yet). */
    String phaseOf(Connection c, String schema, String name) throws SQLException {
        return exists(c, schema) ? find(c, name).map(Row::phase).orElse("not started") : "not started";
    }

    Optional<Row> find(Connection c, String name) throws SQLException {
        return all(c, name).stream().findFirst();
    }

    List<Row> all(Connection c) throws SQLException {
        return all(c, null);
    }

    private List<Row> all(Connection c, String name) throws SQLException {
        List<Row> out = new ArrayList<>();
        String sql = "SELECT table_name, key_column, phase, backfill_upto, backfill_done_to, backfill_rows, run_id FROM " + table
                + (name == null ? "" : " WHERE table_name = ?") + " ORDER BY table_name";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (name != null) {
                ps.setString(1, name);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), nullableLong(rs, 4), nullableLong(rs, 5), rs.getLong(6), rs.getString(7)));
                }
            }
        }
        return out;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    void start(Connection c, String name, String key, long upto, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                + " (table_name, key_column, phase, backfill_upto, backfill_rows, run_id) VALUES (?, ?, 'backfill', ?, 0, ?)")) {
            ps.setString(1, name);
            ps.setString(2, key);
            ps.setLong(3, upto);
            ps.setString(4, runId);
            ps.executeUpdate();
        }
    }

    /** Records a committed batch; runs in the batch's own transaction, so the checkpoint and the rows commit together. */
    void checkpoint(Connection c, String name, long doneTo, long rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table
                + " SET backfill_done_to = ?, backfill_rows = backfill_rows + ?, updated_at = CURRENT_TIMESTAMP WHERE table_name = ?")) {
            ps.setLong(1, doneTo);
            ps.setLong(2, rows);
            ps.setString(3, name);
            ps.executeUpdate();
        }
    }

    void phase(Connection c, String name, String phase, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table
                + " SET phase = ?, run_id = ?, updated_at = CURRENT_TIMESTAMP, switched_at = CASE WHEN ? = 'switched' THEN CURRENT_TIMESTAMP "
                + "ELSE switched_at END WHERE table_name = ?")) {
            ps.setString(1, phase);
            ps.setString(2, runId);
            ps.setString(3, phase);
            ps.setString(4, name);
            ps.executeUpdate();
        }
    }

    /** Keeps what the switch replaces, once: a second call for the same object leaves the first record. */
    void save(Connection c, String tableName, String kind, String name, String definition) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + saved + " (table_name, kind, name, definition) SELECT ?, ?, ?, ? "
                + "WHERE NOT EXISTS (SELECT 1 FROM " + saved + " WHERE table_name = ? AND kind = ? AND name = ?)")) {
            ps.setString(1, tableName);
            ps.setString(2, kind);
            ps.setString(3, name);
            ps.setString(4, definition);
            ps.setString(5, tableName);
            ps.setString(6, kind);
            ps.setString(7, name);
            ps.executeUpdate();
        }
    }

    /** The kind of the saved record of what expand took first (its definition: {@code snapshot <id>} or {@code backup <path>}). */
    static final String BEFORE_EXPAND = "before expand";

    /** What expand took before its first change, or {@code null} when nothing is recorded (or there is no record table). */
    String beforeExpand(Connection c) throws SQLException {
        if (!dialect.tableExists(c, savedRef.schema(), savedRef.table())) {
            return null;
        }
        return saved(c).stream().filter(s -> s.kind().equals(BEFORE_EXPAND)).map(Saved::definition).findFirst().orElse(null);
    }

    /** One saved object: its table, kind, name and definition. */
    record Saved(String table, String kind, String name, String definition) {
    }

    List<Saved> saved(Connection c) throws SQLException {
        List<Saved> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name, kind, name, definition FROM " + saved + " ORDER BY table_name, kind, name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Saved(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return out;
    }

    void delete(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE table_name = ?")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
    }
}
