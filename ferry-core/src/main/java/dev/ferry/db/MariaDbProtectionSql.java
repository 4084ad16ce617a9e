package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * MariaDB/MySQL: three AFTER triggers per table (one per event, as MariaDB wants) build the row
 * with {@code JSON_OBJECT}. MariaDB gives a trigger no transaction id ({@code innodb_trx} is a cache
 * refreshed at most every 100 ms, so it can name another transaction), so the session's connection
 * id is recorded in its place.
 * The column list is fixed when the triggers are made, so {@code protect install} runs again after
 * a column is added.
 */
final class MariaDbProtectionSql implements ProtectionSql {
    private static final List<String> EVENTS = List.of("INSERT", "UPDATE", "DELETE");
    private final MariaDbDialect d;

    MariaDbProtectionSql(MariaDbDialect d) {
        this.d = d;
    }

    private String t(String schema, String name) {
        return d.quote(schema) + "." + d.quote(name);
    }

    @Override
    public List<String> createTables(String schema) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + t(schema, AUDIT_TABLE) + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                        + "table_name VARCHAR(200) NOT NULL, operation VARCHAR(10) NOT NULL, row_key VARCHAR(1000), old_row JSON, "
                        + "new_row JSON, changed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), changed_by VARCHAR(200) NOT NULL, "
                        + "transaction_id VARCHAR(40), INDEX ferry_audit_table_key (table_name, row_key(200)), "
                        + "INDEX ferry_audit_changed_at (changed_at))",
                "CREATE TABLE IF NOT EXISTS " + t(schema, SNAPSHOTS) + " (version INT PRIMARY KEY, run_id VARCHAR(40) NOT NULL, "
                        + "taken_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), taken_by VARCHAR(200) NOT NULL, "
                        + "tables_count INT NOT NULL, rows_count BIGINT NOT NULL, checksum VARCHAR(80) NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + t(schema, SNAPSHOT_ROWS) + " (version INT NOT NULL, seq BIGINT NOT NULL, "
                        + "table_name VARCHAR(200) NOT NULL, row_key VARCHAR(1000) NOT NULL, row_data LONGTEXT NOT NULL, "
                        + "PRIMARY KEY (version, seq))",
                "CREATE TABLE IF NOT EXISTS " + t(schema, OBJECTS) + " (kind VARCHAR(20) NOT NULL, table_name VARCHAR(400) NOT NULL, "
                        + "object_name VARCHAR(200) NOT NULL, PRIMARY KEY (kind, table_name, object_name))");
    }

    private String trigger(TableRef table, String event) {
        String suffix = "_" + event.substring(0, 3).toLowerCase(java.util.Locale.ROOT);
        String base = "ferry_audit_" + table.table();
        int room = maxIdentifierLength() - suffix.length();
        return (base.length() <= room ? base : base.substring(0, room)) + suffix;
    }

    private String rowJson(String alias, List<String> columns, Set<String> jsonColumns) {
        List<String> parts = new ArrayList<>();
        for (String col : columns) {
            String value = alias + "." + d.quote(col);
            parts.add(d.literal(col));
            parts.add(jsonColumns.contains(col) ? "JSON_EXTRACT(" + value + ", '$')" : value);
        }
        return "JSON_OBJECT(" + String.join(", ", parts) + ")";
    }

    @Override
    public List<String> installAuditTriggers(TableRef table, String label, List<String> keyColumns, List<String> columns,
                                             Set<String> jsonColumns) {
        List<String> out = new ArrayList<>(dropAuditTriggers(table));
        for (String event : EVENTS) {
            out.add("CREATE TRIGGER " + t(table.schema(), trigger(table, event)) + " AFTER " + event + " ON " + table.quoted(d)
                    + " FOR EACH ROW " + body(table, label, event, keyColumns, columns, jsonColumns));
        }
        return out;
    }

    /** The statement one trigger runs; it names every column, so it goes stale when a column is dropped, renamed or added. */
    private String body(TableRef table, String label, String event, List<String> keyColumns, List<String> columns, Set<String> jsonColumns) {
        String alias = event.equals("DELETE") ? "OLD" : "NEW";
        String key = keyColumns.stream().map(k -> alias + "." + d.quote(k)).collect(Collectors.joining(", "));
        String oldRow = event.equals("INSERT") ? "NULL" : rowJson("OLD", columns, jsonColumns);
        String newRow = event.equals("DELETE") ? "NULL" : rowJson("NEW", columns, jsonColumns);
        return "INSERT INTO " + t(table.schema(), AUDIT_TABLE)
                + " (table_name, operation, row_key, old_row, new_row, changed_by, transaction_id) VALUES ("
                + d.literal(label) + ", '" + event + "', CONCAT_WS('|', " + key + "), " + oldRow + ", " + newRow
                + ", COALESCE(@ferry_changed_by, USER()), "
                + "CONCAT('connection ', CONNECTION_ID()))";
    }

    @Override
    public List<String> staleAuditTriggers(Connection c, TableRef table, String label, List<String> keyColumns, List<String> columns,
                                           Set<String> jsonColumns) throws SQLException {
        List<String> stale = new ArrayList<>();
        for (String event : EVENTS) {
            String name = trigger(table, event);
            List<String> stored = Catalogs.strings(c, "SELECT ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? "
                    + "AND TRIGGER_NAME = ?", table.schema(), name);
            if (!stored.isEmpty() && !stored.get(0).strip().equals(body(table, label, event, keyColumns, columns, jsonColumns))) {
                stale.add(name);
            }
        }
        return stale;
    }

    @Override
    public List<String> dropAuditTriggers(TableRef table) {
        return EVENTS.stream().map(e -> "DROP TRIGGER IF EXISTS " + t(table.schema(), trigger(table, e))).toList();
    }

    @Override
    public List<String> auditTriggerNames(TableRef table) {
        return EVENTS.stream().map(e -> trigger(table, e)).toList();
    }

    @Override
    public List<String> triggersOn(Connection c, TableRef table) throws SQLException {
        return Catalogs.strings(c, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = ? "
                + "AND EVENT_OBJECT_TABLE = ? ORDER BY 1", table.schema(), table.table());
    }

    @Override
    public String jsonText(String column, List<String> path) {
        String p = "$" + path.stream().map(k -> ".\"" + k.replace("\"", "\\\"") + "\"").collect(Collectors.joining());
        return "JSON_UNQUOTE(JSON_EXTRACT(" + d.quote(column) + ", " + d.literal(p) + "))";
    }

    @Override
    public String jsonIsObject(String column) {
        return "JSON_TYPE(" + d.quote(column) + ") = 'OBJECT'";
    }

    @Override
    public Dialect dialect() {
        return d;
    }

    @Override
    public void markChanges(Connection c, String changedBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SET @ferry_changed_by = ?")) {
            ps.setString(1, changedBy);
            ps.execute();
        }
    }

    @Override
    public void unmarkChanges(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SET @ferry_changed_by = NULL")) {
            ps.execute();
        }
    }
}
