package dev.ferry.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.db.BulkWriter;
import dev.ferry.db.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings a row a transfer rejected into the target once its source row maps (the source was
 * fixed) and every parent it refers to is in the target: the parent admitted first, then the
 * children rejected because of it, as the plan orders entities. The row leaves
 * {@code ferry_rejects} and joins {@code ferry_id_map}; {@code ferry_fixes} keeps the reject, so
 * undoing the fix rejects the row again. A row the target still refuses stays rejected.
 */
final class Readmission {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection c;
    private final Dialect d;
    private final ExpectedRows.Entity e;
    private final BulkWriter writer;
    private final FixLog log;
    private final Set<String> admitted;

    /** @param writer and {@code log} are {@code null} for a dry run, which only says what would be admitted */
    Readmission(Connection c, Dialect d, ExpectedRows.Entity e, BulkWriter writer, FixLog log, Set<String> admitted) {
        this.c = c;
        this.d = d;
        this.e = e;
        this.writer = writer;
        this.log = log;
        this.admitted = admitted;
    }

    /** Admits the row if it can go in now; {@code false} leaves it rejected. */
    boolean admit(ExpectedRows.Row r) throws SQLException {
        String[] values = r.values();
        for (ExpectedRows.ParentLink p : e.parents()) {
            String value = values[PlanReferences.indexOf(e, p.column())];
            if (value != null && !admitted.contains(key(p.parentTable().toString(), value)) && !PlanReferences.present(c, d, p, value)) {
                return false;
            }
        }
        String newKey = values[e.keyIndex()];
        if (log != null && !write(r, newKey)) {
            return false;
        }
        admitted.add(key(e.target().toString(), newKey));
        return true;
    }

    private boolean write(ExpectedRows.Row r, String newKey) throws SQLException {
        Map<String, String> reject = reject(r.legacyKey());
        Savepoint sp = c.setSavepoint();
        try {
            writer.write(List.<String[]>of(r.values()));
            if (e.idMap()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + d.quote("ferry_id_map")
                        + " (entity, legacy_key, new_key, run_id) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, e.name());
                    ps.setString(2, r.legacyKey());
                    ps.setString(3, newKey);
                    ps.setString(4, reject.get("run_id"));
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + d.quote("ferry_rejects") + " WHERE entity = ? AND legacy_key = ?")) {
                ps.setString(1, e.name());
                ps.setString(2, r.legacyKey());
                ps.executeUpdate();
            }
            c.releaseSavepoint(sp);
        } catch (SQLException x) {
            c.rollback(sp); // the target still refuses the row: it stays rejected
            return false;
        }
        log.add(FixLog.READMITTED, e.target().toString(), newKey, e.name(), json(reject),
                "admitted: rejected by run " + reject.get("run_id") + " (" + reject.get("error") + "); source row " + r.legacyKey()
                + " maps now and its parents are in the target");
        return true;
    }

    /** The newest reject of the legacy key, as undo puts it back. */
    private Map<String, String> reject(String legacyKey) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id, legacy_key, row_data, error FROM " + d.quote("ferry_rejects")
                + " WHERE entity = ? AND legacy_key = ? ORDER BY id DESC")) {
            ps.setString(1, e.name());
            ps.setString(2, legacyKey);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    for (String col : List.of("run_id", "legacy_key", "row_data", "error")) {
                        out.put(col, rs.getString(col));
                    }
                }
            }
        }
        return out;
    }

    /** Puts a readmitted row back among the rejects (undo): the row leaves the target and the ID map. */
    static void undo(Connection c, Dialect d, String entity, String rejectJson) throws SQLException {
        Map<String, String> reject;
        try {
            reject = JSON.readValue(rejectJson, new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException x) {
            throw new SQLException("The recorded reject of an admitted " + entity + " row is unreadable: " + x.getMessage(), x);
        }
        if (d.tableExists(c, d.currentSchema(c), "ferry_id_map")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + d.quote("ferry_id_map") + " WHERE entity = ? AND legacy_key = ?")) {
                ps.setString(1, entity);
                ps.setString(2, reject.get("legacy_key"));
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + d.quote("ferry_rejects")
                + " (run_id, entity, legacy_key, row_data, error) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, reject.get("run_id"));
            ps.setString(2, entity);
            ps.setString(3, reject.get("legacy_key"));
            ps.setString(4, reject.get("row_data"));
            ps.setString(5, reject.get("error"));
            ps.executeUpdate();
        }
    }

    private static String key(String table, String value) {
        return table + "|" + value.toLowerCase(java.util.Locale.ROOT);
    }

    private static String json(Map<String, String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }
}
