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
import java.util.List;

/** Reads and prunes {@code ferry_audit}, the trail the audit triggers write. */
final class AuditTrail {
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

    /** Changes recorded after {@code since} that were not made by a recovery. */
    long changesSince(Instant since) throws SQLException {
        if (!s.exists(ProtectionSql.AUDIT_TABLE)) {
            return 0;
        }
        try (PreparedStatement ps = s.connection.prepareStatement("SELECT COUNT(*) FROM " + s.ferryTable(ProtectionSql.AUDIT_TABLE)
                + " WHERE changed_at > ? AND changed_by NOT LIKE 'ferry doctor --recover%'")) {
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
}
