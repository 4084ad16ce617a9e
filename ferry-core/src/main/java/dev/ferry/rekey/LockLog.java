package dev.ferry.rekey;

import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import dev.ferry.run.RunJournal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long each statement of a phase held its locks: every statement's time goes to the run's log,
 * and the longest of each kind to {@code ferry_rekey_locks} (one row per phase and kind, kept across
 * runs, so a resumed phase still knows its longest), which {@code rekey status} shows.
 */
final class LockLog {
    static final String TABLE = "ferry_rekey_locks";

    private final Connection c;
    private final Dialect dialect;
    private final String phase;
    private final Duration lockTimeout;
    private final RunJournal journal;
    private final Map<String, LockHeld> longest = new LinkedHashMap<>();
    private String table;

    LockLog(Connection c, Dialect dialect, String phase, Duration lockTimeout, RunJournal journal) {
        this.c = c;
        this.dialect = dialect;
        this.phase = phase;
        this.lockTimeout = lockTimeout;
        this.journal = journal;
    }

    /** The phase of a journaled rekey command: {@code rekey-expand} is {@code expand}. */
    static String phaseOf(RunJournal journal) {
        return journal.command().replaceFirst("^rekey-", "");
    }

    /** Records one statement that held its locks for {@code millis}; called with no transaction open. */
    void held(String statement, long millis, boolean blocking) throws SQLException {
        String kind = blocking ? LockHeld.BLOCKING : LockHeld.CONCURRENT;
        String text = DdlRunner.firstLine(statement);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("phase", phase);
        fields.put("kind", kind);
        fields.put("statement", text);
        fields.put("held_ms", millis);
        journal.event("lock_held", fields);
        LockHeld before = longest.get(kind);
        if (before == null || millis > before.heldMs()) {
            LockHeld now = new LockHeld(phase, kind, text.length() > 1000 ? text.substring(0, 1000) : text, millis, lockTimeout.toMillis(),
                    journal.runId());
            longest.put(kind, now);
            keep(now);
        }
    }

    /** This run's longest of each kind, blocking first. */
    List<LockHeld> longest() {
        List<LockHeld> out = new ArrayList<>();
        for (String kind : List.of(LockHeld.BLOCKING, LockHeld.CONCURRENT)) {
            if (longest.containsKey(kind)) {
                out.add(longest.get(kind));
            }
        }
        return out;
    }

    /** Stores a run's longest unless an earlier run of the phase held a lock of that kind longer. Abort keeps no Ferry table, so no record. */
    private void keep(LockHeld h) throws SQLException {
        if (phase.equals("abort")) {
            return;
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try {
            if (table == null) {
                String schema = dialect.currentSchema(c);
                table = new TableRef(schema, TABLE).quoted(dialect);
                try (var st = c.createStatement()) {
                    st.execute("CREATE TABLE IF NOT EXISTS " + table + " (phase VARCHAR(20) NOT NULL, kind VARCHAR(20) NOT NULL, "
                            + "statement VARCHAR(1000) NOT NULL, held_ms BIGINT NOT NULL, lock_timeout_ms BIGINT NOT NULL, run_id VARCHAR(40), "
                            + "PRIMARY KEY (phase, kind))");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET statement = ?, held_ms = ?, lock_timeout_ms = ?, run_id = ? "
                    + "WHERE phase = ? AND kind = ? AND held_ms < ?")) {
                ps.setString(1, h.statement());
                ps.setLong(2, h.heldMs());
                ps.setLong(3, h.lockTimeoutMs());
                ps.setString(4, h.runId());
                ps.setString(5, h.phase());
                ps.setString(6, h.kind());
                ps.setLong(7, h.heldMs());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (phase, kind, statement, held_ms, lock_timeout_ms, run_id) "
                    + "SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM " + table + " WHERE phase = ? AND kind = ?)")) {
                ps.setString(1, h.phase());
                ps.setString(2, h.kind());
                ps.setString(3, h.statement());
                ps.setLong(4, h.heldMs());
                ps.setLong(5, h.lockTimeoutMs());
                ps.setString(6, h.runId());
                ps.setString(7, h.phase());
                ps.setString(8, h.kind());
                ps.executeUpdate();
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The longest lock of each phase and kind recorded in the database, in phase order; empty before the first expand. */
    static List<LockHeld> recorded(Connection c, Dialect dialect, String schema) throws SQLException {
        List<LockHeld> out = new ArrayList<>();
        if (!dialect.tableExists(c, schema, TABLE)) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT phase, kind, statement, held_ms, lock_timeout_ms, run_id FROM "
                + new TableRef(schema, TABLE).quoted(dialect));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new LockHeld(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getString(6)));
            }
        }
        List<String> order = List.of("expand", "compat", "switch", "contract");
        out.sort(java.util.Comparator.comparingInt((LockHeld h) -> order.indexOf(h.phase())).thenComparing(LockHeld::kind));
        return out;
    }
}
