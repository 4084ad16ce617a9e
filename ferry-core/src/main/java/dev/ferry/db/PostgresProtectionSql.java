package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PostgreSQL: one PL/pgSQL trigger function per table records {@code to_jsonb(OLD)} and
 * {@code to_jsonb(NEW)} (every column, whatever is added later) with {@code txid_current()}.
 */
final class PostgresProtectionSql implements ProtectionSql {
    private static final String TRIGGER = "ferry_audit";
    private static final String TRUNCATE_TRIGGER = "ferry_audit_truncate";
    private final PostgresDialect d;

    PostgresProtectionSql(PostgresDialect d) {
        this.d = d;
    }

    private String t(String schema, String name) {
        return d.quote(schema) + "." + d.quote(name);
    }

    @Override
    public List<String> createTables(String schema) {
        String audit = t(schema, AUDIT_TABLE);
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + audit + " (id BIGSERIAL PRIMARY KEY, table_name VARCHAR(200) NOT NULL, "
                        + "operation VARCHAR(10) NOT NULL, row_key VARCHAR(1000), old_row JSONB, new_row JSONB, "
                        + "changed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), changed_by VARCHAR(200) NOT NULL, "
                        + "transaction_id VARCHAR(40) NOT NULL)",
                "CREATE INDEX IF NOT EXISTS ferry_audit_table_key ON " + audit + " (table_name, row_key)",
                "CREATE INDEX IF NOT EXISTS ferry_audit_changed_at ON " + audit + " (changed_at)",
                "CREATE TABLE IF NOT EXISTS " + t(schema, SNAPSHOTS) + " (version INT PRIMARY KEY, run_id VARCHAR(40) NOT NULL, "
                        + "taken_at TIMESTAMPTZ NOT NULL DEFAULT now(), taken_by VARCHAR(200) NOT NULL, tables_count INT NOT NULL, "
                        + "rows_count BIGINT NOT NULL, checksum VARCHAR(80) NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + t(schema, SNAPSHOT_ROWS) + " (version INT NOT NULL, seq BIGINT NOT NULL, "
                        + "table_name VARCHAR(200) NOT NULL, row_key VARCHAR(1000) NOT NULL, row_data TEXT NOT NULL, "
                        + "PRIMARY KEY (version, seq))",
                "CREATE TABLE IF NOT EXISTS " + t(schema, OBJECTS) + " (kind VARCHAR(20) NOT NULL, table_name VARCHAR(400) NOT NULL, "
                        + "object_name VARCHAR(200) NOT NULL, PRIMARY KEY (kind, table_name, object_name))");
    }

    private String function(TableRef table) {
        return d.quote(table.schema()) + "." + d.quote(shorten("ferry_audit_" + table.table()));
    }

    private String shorten(String name) {
        return name.length() <= maxIdentifierLength() ? name : name.substring(0, maxIdentifierLength());
    }

    @Override
    public List<String> installAuditTriggers(TableRef table, String label, List<String> keyColumns, List<String> columns,
                                             Set<String> jsonColumns) {
        String body = body(table, label, keyColumns);
        return List.of(
                "CREATE OR REPLACE FUNCTION " + function(table) + "() RETURNS trigger LANGUAGE plpgsql AS $ferry$\n" + body + "\n$ferry$",
                "DROP TRIGGER IF EXISTS " + TRIGGER + " ON " + table.quoted(d),
                "CREATE TRIGGER " + TRIGGER + " AFTER INSERT OR UPDATE OR DELETE ON " + table.quoted(d)
                        + " FOR EACH ROW EXECUTE FUNCTION " + function(table) + "()",
                "DROP TRIGGER IF EXISTS " + TRUNCATE_TRIGGER + " ON " + table.quoted(d),
                "CREATE TRIGGER " + TRUNCATE_TRIGGER + " BEFORE TRUNCATE ON " + table.quoted(d)
                        + " FOR EACH STATEMENT EXECUTE FUNCTION " + function(table) + "()");
    }

    /**
     * The trigger function's body. Row events record OLD and NEW; TRUNCATE (a statement trigger,
     * before the rows go) records every row it is about to remove, with its values, as a DELETE would.
     */
    private String body(TableRef table, String label, List<String> keyColumns) {
        String key = keyOf("r", keyColumns);
        String changedBy = "coalesce(nullif(current_setting('ferry.changed_by', true), ''), session_user), txid_current()::text";
        String audit = t(table.schema(), AUDIT_TABLE) + " (table_name, operation, row_key, old_row, new_row, changed_by, transaction_id)";
        return "DECLARE\n"
                + "  o jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;\n"
                + "  n jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;\n"
                + "  r jsonb := coalesce(n, o);\n"
                + "BEGIN\n"
                + "  IF TG_OP = 'TRUNCATE' THEN\n"
                + "    INSERT INTO " + audit + "\n"
                + "    SELECT " + d.literal(label) + ", TG_OP, concat_ws('|', " + keyOf("gone_row", keyColumns) + "), gone_row, NULL, "
                + changedBy + "\n"
                + "    FROM (SELECT to_jsonb(x) AS gone_row FROM " + table.quoted(d) + " x) gone;\n"
                + "    RETURN NULL;\n"
                + "  END IF;\n"
                + "  INSERT INTO " + audit + "\n"
                + "  VALUES (" + d.literal(label) + ", TG_OP, concat_ws('|', " + key + "), o, n, " + changedBy + ");\n"
                + "  RETURN NULL;\n"
                + "END";
    }

    private String keyOf(String row, List<String> keyColumns) {
        return keyColumns.stream().map(k -> row + " ->> " + d.literal(k)).collect(Collectors.joining(", "));
    }

    @Override
    public List<String> staleAuditTriggers(Connection c, TableRef table, String label, List<String> keyColumns, List<String> columns,
                                           Set<String> jsonColumns) throws SQLException {
        List<String> stored = Catalogs.strings(c, "SELECT prosrc FROM pg_proc WHERE oid = to_regproc(?)", function(table));
        return stored.isEmpty() || stored.get(0).strip().equals(body(table, label, keyColumns).strip()) ? List.of() : List.of(TRIGGER, TRUNCATE_TRIGGER);
    }

    @Override
    public List<String> dropAuditTriggers(TableRef table) {
        return List.of("DROP TRIGGER IF EXISTS " + TRIGGER + " ON " + table.quoted(d),
                "DROP TRIGGER IF EXISTS " + TRUNCATE_TRIGGER + " ON " + table.quoted(d), "DROP FUNCTION IF EXISTS " + function(table) + "()");
    }

    @Override
    public List<String> auditTriggerNames(TableRef table) {
        return List.of(TRIGGER, TRUNCATE_TRIGGER);
    }

    @Override
    public List<String> triggersOn(Connection c, TableRef table) throws SQLException {
        return Catalogs.strings(c, "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(format('%I.%I', ?::text, ?::text)) "
                + "AND NOT tgisinternal ORDER BY 1", table.schema(), table.table());
    }

    @Override
    public String jsonText(String column, List<String> path) {
        return "(" + d.quote(column) + "::jsonb #>> " + d.literal("{" + path.stream().map(p -> "\"" + p.replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",")) + "}") + ")";
    }

    @Override
    public String jsonIsObject(String column) {
        return "jsonb_typeof(" + d.quote(column) + "::jsonb) = 'object'";
    }

    @Override
    public Dialect dialect() {
        return d;
    }

    @Override
    public void markChanges(Connection c, String changedBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('ferry.changed_by', ?, true)")) {
            ps.setString(1, changedBy);
            ps.execute();
        }
    }

    @Override
    public void unmarkChanges(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('ferry.changed_by', '', false)")) {
            ps.execute();
        }
    }
}
