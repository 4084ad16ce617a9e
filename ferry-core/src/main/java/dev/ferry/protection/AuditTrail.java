package dev.ferry.protection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.FerryException;
import dev.ferry.db.ProtectionSql;
import dev.ferry.run.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and prunes {@code ferry_audit}, the trail the audit triggers write. */
final class AuditTrail {
    /** The condition "the entry was not written by a recovery" for the audit row aliased {@code %s}. */
    private static final String RECOVERY_NOT = "%s.changed_by NOT LIKE 'ferry doctor --recover%'";

    private final ProtectionSession s;

    AuditTrail(ProtectionSession s) {
        this.s = s;
    }

    void requireInstalled() throws SQLException {
        if (!s.exists(ProtectionSql.AUDIT_TABLE)) {
            throw FerryException.invalidInput("There is no audit trail (" + ProtectionSql.AUDIT_TABLE + ") in " + s.schema + " on "
                    + s.database.displayUrl() + "; create it with 'ferry protect install'");
        }
    }

    List<AuditEntry> log(AuditQuery q) throws SQLException {
        requireInstalled();
        StringBuilder sql = new StringBuilder("SELECT id, table_name, operation, row_key, old_row, new_row, changed_at, changed_by, "
                + "transaction_id FROM " + s.ferryTable(ProtectionSql.AUDIT_TABLE) + " WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (q.table() != null) {
            sql.append(" AND table_name = ?");
            params.add(q.table());
        }
        if (q.key() != null) {
            sql.append(" AND row_key = ?");
            params.add(q.key());
        }
        if (q.since() != null) {
            sql.append(" AND changed_at >= ?");
            params.add(Timestamp.from(q.since()));
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(Math.max(1, q.limit()));
        List<AuditEntry> out = new ArrayList<>();
        try (PreparedStatement ps = s.connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), json(rs.getString(5)),
                            json(rs.getString(6)), rs.getTimestamp(7).toInstant(), rs.getString(8), rs.getString(9)));
                }
            }
        }
        return out;
    }

    long prune(Instant cutoff) throws SQLException {
        requireInstalled();
        try (PreparedStatement ps = s.connection.prepareStatement("DELETE FROM " + s.ferryTable(ProtectionSql.AUDIT_TABLE)
                + " WHERE changed_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            return ps.executeUpdate();
        }
    }

    /** Entries recorded before {@code cutoff}: what {@link #prune} would delete; 0 without an audit trail. */
    long countBefore(Instant cutoff) throws SQLException {
        if (!s.exists(ProtectionSql.AUDIT_TABLE)) {
            return 0;
        }
        try (PreparedStatement ps = s.connection.prepareStatement("SELECT COUNT(*) FROM " + s.ferryTable(ProtectionSql.AUDIT_TABLE)
                + " WHERE changed_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Changes recorded after {@code since} that were not made by a recovery. */
    long changesSince(Instant since) throws SQLException {
        if (!s.exists(ProtectionSql.AUDIT_TABLE)) {
            return 0;
        }
        try (PreparedStatement ps = s.connection.prepareStatement("SELECT COUNT(*) FROM " + s.ferryTable(ProtectionSql.AUDIT_TABLE)
                + " a WHERE " + changedSince(""))) {
            ps.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            return Json.mapper().getNodeFactory().textNode(text);
        }
    }

    /**
     * The audit entries {@code a} after a time (the parameter) that are changes since a snapshot:
     * not a recovery's own, and not undone by a later recovery (which put the row back as a
     * snapshot holds it).
     */
    private String changedSince(String condition) {
        return "a.changed_at > ?" + condition + " AND " + RECOVERY_NOT.replace("%s", "a") + " AND NOT EXISTS (SELECT 1 FROM "
                + s.ferryTable(ProtectionSql.AUDIT_TABLE) + " r WHERE r.table_name = a.table_name AND r.row_key = a.row_key AND r.id > a.id "
                + "AND NOT (" + RECOVERY_NOT.replace("%s", "r") + "))";
    }

    /** See {@link Protection#unauditedChanges()}. */
    Map<String, String> unexplainedCounts(List<ProtectedTable> tables) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!s.exists(ProtectionSql.AUDIT_TABLE) || !s.exists(ProtectionSql.SNAPSHOTS)) {
            return out;
        }
        int version;
        Timestamp takenAt;
        try (PreparedStatement ps = s.connection.prepareStatement("SELECT version, taken_at FROM " + s.ferryTable(ProtectionSql.SNAPSHOTS)
                + " ORDER BY version DESC"); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return out;
            }
            version = rs.getInt(1);
            takenAt = rs.getTimestamp(2);
        }
        for (ProtectedTable t : tables) {
            if (!s.exists(t)) {
                continue;
            }
            long snapshot = count("SELECT COUNT(*) FROM " + s.ferryTable(ProtectionSql.SNAPSHOT_ROWS) + " WHERE version = ? AND table_name = ?",
                    version, t.name());
            String since = "SELECT COUNT(*) FROM " + s.ferryTable(ProtectionSql.AUDIT_TABLE) + " a WHERE a.table_name = ? AND ";
            long added = count(since + changedSince(" AND a.operation = 'INSERT'"), t.name(), takenAt);
            long removed = count(since + changedSince(" AND a.operation IN ('DELETE', 'TRUNCATE')"), t.name(), takenAt);
            long now = count("SELECT COUNT(*) FROM " + s.ref(t).quoted(s.dialect));
            long explained = snapshot + added - removed;
            if (now != explained) {
                out.put(t.name(), "holds " + now + " row(s), but snapshot " + version + " (" + snapshot + ") and the audit trail since (+" + added
                        + " inserted, -" + removed + " deleted) account for " + explained + ": " + Math.abs(now - explained) + " row(s) "
                        + (now < explained ? "went" : "came") + " without an audit entry");
            }
        }
        return out;
    }

    private long count(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = s.connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
