package dev.ferry.protection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import dev.ferry.run.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads protected rows as JSON objects, one at a time in key order, and writes them back. Numbers
 * and booleans stay typed, declared JSON columns stay JSON, everything else travels as the
 * database's text, which it converts back to the column's type on the way in.
 */
final class ProtectedRows {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One protected row: its key values and its columns. */
    record Row(List<String> key, ObjectNode data) {
        String keyText() {
            return ProtectedTable.keyText(key);
        }
    }

    interface RowConsumer {
        void accept(Row row) throws SQLException;
    }

    private ProtectedRows() {
    }

    static void scan(Connection c, Dialect d, TableRef ref, ProtectedTable table, RowConsumer consumer) throws SQLException {
        String order = table.key().stream().map(d::quote).collect(Collectors.joining(", "));
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + ref.quoted(d) + " ORDER BY " + order)) {
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    ObjectNode data = toJson(rs, md, table.jsonColumns());
                    consumer.accept(new Row(keyOf(data, table.key()), data));
                }
            }
        }
    }

    /** The row with this key, or {@code null}. */
    static ObjectNode find(Connection c, Dialect d, TableRef ref, ProtectedTable table, ObjectNode keySource) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + ref.quoted(d) + " WHERE " + keyCondition(d, table))) {
            bindKey(ps, d, table, keySource, 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? toJson(rs, rs.getMetaData(), table.jsonColumns()) : null;
            }
        }
    }

    /** Whether a row with these key values exists, by the key columns' own equality (padding, collation). */
    static boolean exists(Connection c, Dialect d, TableRef ref, ProtectedTable table, List<String> key) throws SQLException {
        try (PreparedStatement ps = byKey(c, d, "SELECT 1 FROM ", ref, table, key); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** Deletes the row with these key values. */
    static void delete(Connection c, Dialect d, TableRef ref, ProtectedTable table, List<String> key) throws SQLException {
        try (PreparedStatement ps = byKey(c, d, "DELETE FROM ", ref, table, key)) {
            ps.executeUpdate();
        }
    }

    private static PreparedStatement byKey(Connection c, Dialect d, String verb, TableRef ref, ProtectedTable table, List<String> key)
            throws SQLException {
        PreparedStatement ps = c.prepareStatement(verb + ref.quoted(d) + " WHERE " + keyCondition(d, table));
        try {
            for (int i = 0; i < key.size(); i++) {
                d.bindText(ps, i + 1, key.get(i));
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }

    static List<String> keyOf(ObjectNode data, List<String> keyColumns) {
        List<String> key = new ArrayList<>();
        for (String k : keyColumns) {
            JsonNode v = data.get(k);
            key.add(v == null || v.isNull() ? "" : v.asText());
        }
        return key;
    }

    /** Inserts the row, or (when {@code replace}) sets every column of the row with its key. */
    static void write(Connection c, Dialect d, TableRef ref, ProtectedTable table, ObjectNode row, Set<String> existingColumns,
                      boolean replace) throws SQLException {
        List<String> cols = new ArrayList<>();
        row.fieldNames().forEachRemaining(f -> {
            if (existingColumns.contains(f)) {
                cols.add(f);
            }
        });
        String sql;
        if (replace) {
            List<String> set = cols.stream().filter(col -> !table.key().contains(col)).toList();
            sql = "UPDATE " + ref.quoted(d) + " SET " + set.stream().map(col -> d.quote(col) + " = ?").collect(Collectors.joining(", "))
                    + " WHERE " + keyCondition(d, table);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (String col : set) {
                    bind(ps, d, i++, row.get(col));
                }
                bindKey(ps, d, table, row, i);
                ps.executeUpdate();
            }
        } else {
            sql = "INSERT INTO " + ref.quoted(d) + " (" + cols.stream().map(d::quote).collect(Collectors.joining(", ")) + ") VALUES ("
                    + cols.stream().map(col -> "?").collect(Collectors.joining(", ")) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (String col : cols) {
                    bind(ps, d, i++, row.get(col));
                }
                ps.executeUpdate();
            }
        }
    }

    private static String keyCondition(Dialect d, ProtectedTable table) {
        return table.key().stream().map(k -> d.quote(k) + " = ?").collect(Collectors.joining(" AND "));
    }

    private static void bindKey(PreparedStatement ps, Dialect d, ProtectedTable table, ObjectNode row, int first) throws SQLException {
        int i = first;
        for (String k : table.key()) {
            bind(ps, d, i++, row.get(k));
        }
    }

    private static void bind(PreparedStatement ps, Dialect d, int index, JsonNode value) throws SQLException {
        if (value == null || value.isNull()) {
            d.bindText(ps, index, null);
        } else if (value.isBoolean()) {
            ps.setBoolean(index, value.booleanValue());
        } else if (value.isNumber()) {
            ps.setBigDecimal(index, value.decimalValue());
        } else if (value.isTextual()) {
            d.bindText(ps, index, value.textValue());
        } else {
            d.bindText(ps, index, value.toString());
        }
    }

    static ObjectNode toJson(ResultSet rs, ResultSetMetaData md, Set<String> jsonColumns) throws SQLException {
        ObjectNode out = NODES.objectNode();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String name = md.getColumnLabel(i);
            Object v = rs.getObject(i);
            if (v == null) {
                out.putNull(name);
            } else if (jsonColumns.contains(name)) {
                out.set(name, parseOrText(rs.getString(i)));
            } else if (v instanceof Boolean b) {
                out.put(name, b);
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                out.put(name, ((Number) v).longValue());
            } else if (v instanceof BigInteger big) {
                out.put(name, big);
            } else if (v instanceof BigDecimal dec) {
                out.put(name, dec);
            } else if (v instanceof Double || v instanceof Float) {
                out.put(name, ((Number) v).doubleValue());
            } else {
                out.put(name, rs.getString(i));
            }
        }
        return out;
    }

    /** A JSON column's document; text that does not parse stays text, so that validation reports it. */
    private static JsonNode parseOrText(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            return NODES.textNode(text);
        }
    }

    static ObjectNode parseRow(String json) {
        try {
            return (ObjectNode) Json.mapper().readTree(json);
        } catch (JsonProcessingException | ClassCastException e) {
            return null;
        }
    }

    static String text(ObjectNode row) {
        try {
            return Json.mapper().writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
