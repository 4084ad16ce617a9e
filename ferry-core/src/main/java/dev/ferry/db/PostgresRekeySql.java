package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** PostgreSQL's re-keying SQL: catalog reads through pg_depend, triggers in PL/pgSQL, UUIDs from uuid-ossp. */
final class PostgresRekeySql implements RekeySql {
    /** Ferry's key namespace; the same as the one transfers derive keys in. */
    private static final String NAMESPACE = "6f1c6f2e-8f3a-5b7e-9d41-2a0c5e7b3d19";
    /** What a sequential scan reads per second, for lock durations; deliberately modest. */
    private static final long SCAN_BYTES_PER_SECOND = 100L << 20;
    /** Rows the backfill updates per second, for its duration estimate. */
    private static final long BACKFILL_ROWS_PER_SECOND = 50_000;

    private final Dialect dialect;
    private final RekeyViewSql views;

    PostgresRekeySql(Dialect dialect) {
        this.dialect = dialect;
        this.views = new PostgresRekeyViewSql(dialect);
    }

    @Override
    public RekeyViewSql views() {
        return views;
    }

    private String q(String identifier) {
        return dialect.quote(identifier);
    }

    @Override
    public List<ColumnDependent> dependents(Connection c, TableRef table, String column) throws SQLException {
        List<ColumnDependent> out = new ArrayList<>();
        String rel = table.quoted(dialect);
        // Constraints: the key itself, foreign keys from it and to it.
        read(c, "SELECT con.contype, con.conrelid::regclass::text || '.' || con.conname, pg_get_constraintdef(con.oid) "
                + "FROM pg_constraint con, pg_attribute a WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND ("
                + "(con.conrelid = a.attrelid AND a.attnum = ANY (con.conkey)) OR (con.confrelid = a.attrelid AND a.attnum = ANY (con.confkey))) "
                + "ORDER BY 2", rel, column, (kind, name, def) -> out.add(new ColumnDependent(switch (kind) {
                    case "p" -> "primary key";
                    case "f" -> "foreign key";
                    case "u" -> "unique constraint";
                    case "c" -> "check constraint";
                    default -> "constraint";
                }, name, def, !kind.equals("c"))));
        read(c, "SELECT 'index', i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i, pg_attribute a "
                + "WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND i.indrelid = a.attrelid AND a.attnum = ANY (i.indkey) "
                + "AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid) ORDER BY 2", rel, column,
                (kind, name, def) -> out.add(new ColumnDependent(kind, name, def, false)));
        // Views and materialized views: their rewrite rules depend on the column.
        read(c, "SELECT DISTINCT CASE v.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END, v.oid::regclass::text, "
                + "'selects the column' FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class "
                + "JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
                + "WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = to_regclass(?) AND a.attname = ? AND v.oid <> d.refobjid ORDER BY 2",
                rel, column, (kind, name, def) -> out.add(new ColumnDependent(kind, name, def, false)));
        // Functions (and so triggers) whose body names both the table and the column: text, not dependency.
        read(c, "SELECT 'function', p.oid::regprocedure::text, 'its body names ' || ? FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                + "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND p.proname NOT LIKE 'ferry\\_%' "
                + "AND p.prosrc ~* ('\\m' || ? || '\\M') AND p.prosrc ~* ('\\m' || ? || '\\M') ORDER BY 2",
                table.table() + "." + column, table.table(), column, (kind, name, def) -> out.add(new ColumnDependent(kind, name, def, false)));
        read(c, "SELECT 'trigger', t.tgrelid::regclass::text || '.' || t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
                + "WHERE t.tgrelid = to_regclass(?) AND NOT t.tgisinternal AND t.tgname NOT LIKE 'ferry\\_%' ORDER BY 2", rel, null,
                (kind, name, def) -> out.add(new ColumnDependent(kind, name, def, true)));
        read(c, "SELECT 'policy', pol.polrelid::regclass::text || '.' || pol.polname, "
                + "COALESCE(pg_get_expr(pol.polqual, pol.polrelid), '') || COALESCE(' WITH CHECK ' || pg_get_expr(pol.polwithcheck, pol.polrelid), '') "
                + "FROM pg_policy pol WHERE pol.polrelid = to_regclass(?) AND (pg_get_expr(pol.polqual, pol.polrelid) ~* ('\\m' || ? || '\\M') "
                + "OR pg_get_expr(pol.polwithcheck, pol.polrelid) ~* ('\\m' || ? || '\\M')) ORDER BY 2", rel, column, column,
                (kind, name, def) -> out.add(new ColumnDependent(kind, name, def, false)));
        read(c, "SELECT CASE WHEN a.attidentity <> '' THEN 'identity' ELSE 'sequence' END, "
                + "COALESCE(pg_get_serial_sequence(?, a.attname), ''), COALESCE(pg_get_expr(ad.adbin, ad.adrelid), 'GENERATED ' || a.attidentity::text) "
                + "FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
                + "WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND (a.attidentity <> '' OR pg_get_serial_sequence(?, a.attname) IS NOT NULL)",
                rel, rel, column, rel, (kind, name, def) -> out.add(new ColumnDependent(kind, name, def, true)));
        read(c, "SELECT 'generated column', g.attname, pg_get_expr(ad.adbin, ad.adrelid) FROM pg_attribute g "
                + "JOIN pg_attrdef ad ON ad.adrelid = g.attrelid AND ad.adnum = g.attnum "
                + "WHERE g.attrelid = to_regclass(?) AND g.attgenerated <> '' AND pg_get_expr(ad.adbin, ad.adrelid) ~* ('\\m' || ? || '\\M') ORDER BY 2",
                rel, column, (kind, name, def) -> out.add(new ColumnDependent(kind, table + "." + name, def, false)));
        return out;
    }

    private interface Row {
        void add(String kind, String name, String detail);
    }

    private static void read(Connection c, String sql, String p1, String p2, Row row) throws SQLException {
        read(c, sql, new String[] {p1, p2}, row);
    }

    private static void read(Connection c, String sql, String p1, String p2, String p3, Row row) throws SQLException {
        read(c, sql, new String[] {p1, p2, p3}, row);
    }

    private static void read(Connection c, String sql, String p1, String p2, String p3, String p4, Row row) throws SQLException {
        read(c, sql, new String[] {p1, p2, p3, p4}, row);
    }

    private static void read(Connection c, String sql, String[] params, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (String p : params) {
                if (p != null) {
                    ps.setString(i++, p);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.add(rs.getString(1), rs.getString(2), rs.getString(3));
                }
            }
        }
    }

    @Override
    public long[] rowsAndBytes(Connection c, TableRef table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM " + table.quoted(dialect) + "), pg_total_relation_size(to_regclass(?))")) {
            ps.setString(1, table.quoted(dialect));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    @Override
    public TableUsage usage(Connection c, TableRef table) throws SQLException {
        long[] v = new long[5];
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(seq_scan, 0), COALESCE(idx_scan, 0), n_tup_ins, n_tup_upd, n_tup_del "
                + "FROM pg_stat_user_tables WHERE relid = to_regclass(?)")) {
            ps.setString(1, table.quoted(dialect));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    for (int i = 0; i < 5; i++) {
                        v[i] = rs.getLong(i + 1);
                    }
                }
            }
        }
        return new TableUsage(v[0], v[1], v[2], v[3], v[4], statements(c, table));
    }

    /** How many recorded statements name the table, when pg_stat_statements is installed and readable. */
    private static String statements(Connection c, TableRef table) throws SQLException {
        if (Catalogs.strings(c, "SELECT extname FROM pg_extension WHERE extname = ?", "pg_stat_statements").isEmpty()) {
            return "pg_stat_statements is not installed";
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*), COALESCE(sum(calls), 0) FROM pg_stat_statements WHERE query ~* ?")) {
            ps.setString(1, "\\m" + table.table() + "\\M");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) + " statement(s), " + rs.getLong(2) + " call(s) in pg_stat_statements";
            }
        } catch (SQLException e) {
            return "pg_stat_statements is not readable: " + e.getMessage();
        }
    }

    @Override
    public List<String[]> lockSteps(long rows, long bytes) {
        String scan = seconds(bytes / (double) SCAN_BYTES_PER_SECOND);
        String backfill = seconds(rows / (double) BACKFILL_ROWS_PER_SECOND);
        return List.of(
                new String[] {"expand: add UUID columns", "ACCESS EXCLUSIVE", "milliseconds (catalog only, no rewrite); waits at most lock_timeout"},
                new String[] {"expand: install sync trigger", "SHARE ROW EXCLUSIVE", "milliseconds"},
                new String[] {"expand: backfill", "ROW EXCLUSIVE + row locks of one batch", "one batch at a time; whole backfill ~" + backfill},
                new String[] {"expand: unique index CONCURRENTLY", "SHARE UPDATE EXCLUSIVE (writes go on)", "~" + scan},
                new String[] {"expand: NOT NULL check and UUID foreign keys NOT VALID", "SHARE ROW EXCLUSIVE", "milliseconds"},
                new String[] {"expand: VALIDATE", "SHARE UPDATE EXCLUSIVE (writes go on)", "~" + scan},
                new String[] {"switch: primary key from the unique index", "ACCESS EXCLUSIVE", "milliseconds (the index and NOT NULL check exist)"},
                new String[] {"contract: drop integer columns", "ACCESS EXCLUSIVE", "milliseconds (no rewrite)"});
    }

    private static String seconds(double s) {
        return s < 1 ? "under 1 s" : String.format(Locale.ROOT, "%.0f s", Math.ceil(s));
    }

    @Override
    public boolean keyExtensionInstalled(Connection c) throws SQLException {
        return !Catalogs.strings(c, "SELECT extname FROM pg_extension WHERE extname = ?", "uuid-ossp").isEmpty();
    }

    @Override
    public String keyFunctionUnavailable(Connection c) throws SQLException {
        if (!Catalogs.strings(c, "SELECT extname FROM pg_extension WHERE extname = ?", "uuid-ossp").isEmpty()) {
            return null;
        }
        if (Catalogs.strings(c, "SELECT name FROM pg_available_extensions WHERE name = ?", "uuid-ossp").isEmpty()) {
            return "the extension uuid-ossp (name-based UUIDs) is not available on this server; install the PostgreSQL contrib package";
        }
        return null;
    }

    @Override
    public List<String> keyFunction(Connection c, String schema) throws SQLException {
        List<String> installed = Catalogs.strings(c, "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                + "WHERE e.extname = ?", "uuid-ossp");
        String extensionSchema = installed.isEmpty() ? schema : installed.get(0);
        List<String> ddl = new ArrayList<>();
        if (installed.isEmpty()) {
            ddl.add("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" SCHEMA " + q(schema));
        }
        ddl.add("CREATE OR REPLACE FUNCTION " + q(schema) + ".ferry_key_uuid(entity text, legacy_key text) RETURNS uuid "
                + "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT " + q(extensionSchema) + ".uuid_generate_v5('" + NAMESPACE
                + "'::uuid, entity || ':' || legacy_key) $$");
        return ddl;
    }

    @Override
    public String stateTable(String schema) {
        return "CREATE TABLE IF NOT EXISTS " + q(schema) + ".ferry_rekey (table_name VARCHAR(200) PRIMARY KEY, key_column VARCHAR(200) NOT NULL, "
                + "phase VARCHAR(20) NOT NULL, backfill_upto BIGINT, backfill_done_to BIGINT, backfill_rows BIGINT NOT NULL DEFAULT 0, "
                + "run_id VARCHAR(40), updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), switched_at TIMESTAMPTZ)";
    }

    @Override
    public String addUuidColumn(TableRef table, String column) {
        return "ALTER TABLE " + table.quoted(dialect) + " ADD COLUMN IF NOT EXISTS " + q(column) + " uuid";
    }

    private static String triggerName(TableRef table) {
        return "ferry_rekey_" + table.table();
    }

    @Override
    public List<String> syncTrigger(TableRef table, SyncSpec spec) {
        String fn = q(table.schema()) + "." + q(triggerName(table));
        String newKey = "NEW." + q(spec.key());
        String newUuid = "NEW." + q(spec.keyUuid());
        StringBuilder body = new StringBuilder();
        body.append("DECLARE derived uuid; BEGIN\n");
        if (spec.switched()) {
            // After the switch a new client may write a row without the integer key: it is a row of the new schema only.
            body.append("  IF ").append(newKey).append(" IS NULL THEN ").append(newUuid).append(" := COALESCE(").append(newUuid)
                    .append(", gen_random_uuid()); ELSE\n");
        } else {
            body.append("  IF ").append(newKey).append(" IS NULL THEN RAISE EXCEPTION 'ferry rekey: a row of % needs its integer key ")
                    .append(spec.key().replace("'", "''")).append(" until the switch', TG_TABLE_NAME; END IF;\n");
        }
        body.append("  derived := ").append(keyUuid(spec.entity(), newKey)).append(";\n");
        body.append("  IF ").append(newUuid).append(" IS NOT NULL AND ").append(newUuid).append(" <> derived AND (TG_OP = 'INSERT' OR ")
                .append(newUuid).append(" IS DISTINCT FROM OLD.").append(q(spec.keyUuid()))
                .append(") THEN RAISE EXCEPTION 'ferry rekey: % is not the UUID of key % of %', ").append(newUuid).append(", ")
                .append(newKey).append(", TG_TABLE_NAME; END IF;\n");
        body.append("  ").append(newUuid).append(" := derived;\n");
        if (spec.switched()) {
            body.append("  END IF;\n");
        }
        for (SyncReference r : spec.references()) {
            String fk = "NEW." + q(r.column());
            String fkUuid = "NEW." + q(r.uuidColumn());
            // Written by UUID only: the integer is unchanged and the UUID is not the one it derives (the backfill writes exactly that one).
            String uuidOnly = "(TG_OP = 'INSERT' AND " + fk + " IS NULL AND " + fkUuid + " IS NOT NULL) OR (TG_OP = 'UPDATE' AND "
                    + fk + " IS NOT DISTINCT FROM OLD." + q(r.column()) + " AND " + fkUuid + " IS DISTINCT FROM OLD." + q(r.uuidColumn())
                    + " AND (" + fk + " IS NULL OR " + fkUuid + " IS DISTINCT FROM " + keyUuid(r.parentEntity(), fk) + "))";
            String parent = r.parent().quoted(dialect);
            body.append("  IF ").append(uuidOnly).append(" THEN\n");
            body.append("    IF ").append(fkUuid).append(" IS NULL THEN ").append(fk).append(" := NULL; ELSE\n");
            // A parent not backfilled yet has no UUID stored: it is found by deriving, which scans only the rows still waiting.
            body.append("      SELECT p.").append(q(r.parentKey())).append(" INTO ").append(fk).append(" FROM ").append(parent)
                    .append(" p WHERE p.").append(q(r.parentKeyUuid())).append(" = ").append(fkUuid).append(";\n");
            body.append("      IF NOT FOUND THEN SELECT p.").append(q(r.parentKey())).append(" INTO ").append(fk)
                    .append(" FROM ").append(parent).append(" p WHERE p.").append(q(r.parentKeyUuid())).append(" IS NULL AND ")
                    .append(keyUuid(r.parentEntity(), "p." + q(r.parentKey()))).append(" = ").append(fkUuid).append("; END IF;\n");
            body.append("      IF NOT FOUND THEN RAISE EXCEPTION 'ferry rekey: % has no row with UUID %', ")
                    .append(dialect.literal(r.parent().table())).append(", ").append(fkUuid).append(" USING ERRCODE = '23503'; END IF;\n");
            body.append("    END IF;\n");
            body.append("  ELSE\n");
            body.append("    derived := CASE WHEN ").append(fk).append(" IS NULL THEN NULL ELSE ").append(keyUuid(r.parentEntity(), fk))
                    .append(" END;\n");
            body.append("    IF TG_OP = 'INSERT' AND ").append(fkUuid).append(" IS NOT NULL AND ").append(fkUuid)
                    .append(" IS DISTINCT FROM derived THEN RAISE EXCEPTION 'ferry rekey: % and % disagree', ")
                    .append(dialect.literal(r.column())).append(", ").append(dialect.literal(r.uuidColumn())).append("; END IF;\n");
            body.append("    ").append(fkUuid).append(" := derived;\n");
            body.append("  END IF;\n");
        }
        body.append("  RETURN NEW;\nEND");
        return List.of(
                "CREATE OR REPLACE FUNCTION " + fn + "() RETURNS trigger LANGUAGE plpgsql AS $ferry$\n" + body + "\n$ferry$",
                "DROP TRIGGER IF EXISTS " + q(triggerName(table)) + " ON " + table.quoted(dialect),
                "CREATE TRIGGER " + q(triggerName(table)) + " BEFORE INSERT OR UPDATE ON " + table.quoted(dialect)
                        + " FOR EACH ROW WHEN (" + NOT_BACKFILL + ") EXECUTE FUNCTION " + fn + "()");
    }

    /**
     * The backfill's batches mark their own transaction by setting {@value #BACKFILL_SETTING} to its
     * transaction id: their UPDATE already derives every UUID from the integer columns with
     * {@code ferry_key_uuid}, exactly as the trigger would, so the trigger does not fire for them
     * (a {@code WHEN} condition, cheaper than entering PL/pgSQL). The value must be the current
     * transaction's id, so a client that sets the setting for its session, or copies a value it saw,
     * still has every row it writes checked.
     */
    private static final String BACKFILL_SETTING = "ferry.rekey_backfill";
    private static final String NOT_BACKFILL = "current_setting('" + BACKFILL_SETTING + "', true) IS DISTINCT FROM txid_current()::text";

    /**
     * Besides the mark, the batch does not wait for its commit to reach the disk
     * ({@code synchronous_commit = off}): should the server crash, it may forget the last batches,
     * but with their checkpoints, which commit in the same transactions, so the resumed backfill
     * does them again. Nothing but the backfill's own progress can be lost.
     */
    @Override
    public String backfillTransaction(Duration lockTimeout) {
        return "SELECT set_config('lock_timeout', '" + Math.max(1, lockTimeout.toMillis()) + "ms', true), set_config('synchronous_commit', 'off', true), "
                + "set_config('" + BACKFILL_SETTING + "', txid_current()::text, true)";
    }

    private String keyUuid(String entity, String keyExpression) {
        return "ferry_key_uuid(" + dialect.literal(entity) + ", " + keyExpression + "::text)";
    }

    @Override
    public List<String> dropSyncTrigger(TableRef table) {
        return List.of("DROP TRIGGER IF EXISTS " + q(triggerName(table)) + " ON " + table.quoted(dialect),
                "DROP FUNCTION IF EXISTS " + q(table.schema()) + "." + q(triggerName(table)) + "()");
    }

    @Override
    public String backfillBatch(TableRef table, SyncSpec spec) {
        StringBuilder set = new StringBuilder(q(spec.keyUuid())).append(" = ").append(keyUuid(spec.entity(), q(spec.key())));
        StringBuilder missing = new StringBuilder(q(spec.keyUuid())).append(" IS NULL");
        for (SyncReference r : spec.references()) {
            set.append(", ").append(q(r.uuidColumn())).append(" = ").append(keyUuid(r.parentEntity(), q(r.column())));
            missing.append(" OR (").append(q(r.uuidColumn())).append(" IS NULL AND ").append(q(r.column())).append(" IS NOT NULL)");
        }
        return "UPDATE " + table.quoted(dialect) + " SET " + set + " WHERE " + q(spec.key()) + " > ? AND " + q(spec.key()) + " <= ? AND ("
                + missing + ")";
    }

    @Override
    public String savedTable(String schema) {
        return "CREATE TABLE IF NOT EXISTS " + q(schema) + ".ferry_rekey_saved (table_name VARCHAR(200) NOT NULL, kind VARCHAR(20) NOT NULL, "
                + "name VARCHAR(200) NOT NULL, definition TEXT, PRIMARY KEY (table_name, kind, name))";
    }

    @Override
    public String constraintDefinition(Connection c, TableRef table, String constraint) throws SQLException {
        List<String> v = Catalogs.strings(c, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = to_regclass(?) AND conname = ?",
                table.quoted(dialect), constraint);
        return v.isEmpty() ? null : v.get(0);
    }

    @Override
    public String primaryKeyName(Connection c, TableRef table) throws SQLException {
        List<String> v = Catalogs.strings(c, "SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(?) AND contype = 'p'",
                table.quoted(dialect));
        return v.isEmpty() ? null : v.get(0);
    }

    @Override
    public String columnComment(Connection c, TableRef table, String column) throws SQLException {
        List<String> v = Catalogs.strings(c, "SELECT col_description(a.attrelid, a.attnum) FROM pg_attribute a WHERE a.attrelid = to_regclass(?) "
                + "AND a.attname = ?", table.quoted(dialect), column);
        return v.isEmpty() ? null : v.get(0);
    }

    @Override
    public String dropConstraint(TableRef table, String constraint) {
        return "ALTER TABLE " + table.quoted(dialect) + " DROP CONSTRAINT IF EXISTS " + q(constraint);
    }

    @Override
    public String addConstraint(TableRef table, String constraint, String definition) {
        return "ALTER TABLE " + table.quoted(dialect) + " ADD CONSTRAINT " + q(constraint) + " " + definition;
    }

    @Override
    public List<String> replacePrimaryKey(TableRef table, String constraint, String index, String column) {
        // The unique index and the NOT NULL check exist: only catalog changes under the exclusive lock.
        return List.of(dropConstraint(table, constraint), setNotNull(table, column),
                "ALTER TABLE " + table.quoted(dialect) + " ADD CONSTRAINT " + q(constraint) + " PRIMARY KEY USING INDEX " + q(index));
    }

    @Override
    public String dropIndex(TableRef table, String index) {
        return "DROP INDEX IF EXISTS " + q(table.schema()) + "." + q(index);
    }

    @Override
    public String keyColumnUnsupported(Connection c, TableRef table, String key) {
        return null; // a serial's default is applied before the BEFORE trigger runs
    }

    @Override
    public List<String> compatOtherTables(Connection c, String schema, String compatSchema, java.util.Set<String> keyed) {
        return List.of(); // the compat URL's search_path falls back to the base schema
    }

    @Override
    public boolean notNullCheckAtExpand() {
        return true;
    }

    @Override
    public String setNotNull(TableRef table, String column) {
        return "ALTER TABLE " + table.quoted(dialect) + " ALTER COLUMN " + q(column) + " SET NOT NULL";
    }

    @Override
    public String dropNotNull(TableRef table, String column) {
        return "ALTER TABLE " + table.quoted(dialect) + " ALTER COLUMN " + q(column) + " DROP NOT NULL";
    }

    @Override
    public String commentOnColumn(TableRef table, String column, String comment) {
        return "COMMENT ON COLUMN " + table.quoted(dialect) + "." + q(column) + " IS " + dialect.literal(comment);
    }

    @Override
    public String dropColumn(TableRef table, String column) {
        return "ALTER TABLE " + table.quoted(dialect) + " DROP COLUMN IF EXISTS " + q(column);
    }

    @Override
    public List<String> dropKeyFunction(String schema, boolean extensionToo) {
        List<String> ddl = new ArrayList<>(List.of("DROP FUNCTION IF EXISTS " + q(schema) + ".ferry_key_uuid(text, text)"));
        if (extensionToo) {
            ddl.add("DROP EXTENSION IF EXISTS \"uuid-ossp\"");
        }
        return ddl;
    }

    @Override
    public String compatView(Connection c, TableRef view, TableRef table, List<String> columns) throws SQLException {
        // security_invoker (PostgreSQL 15+) makes row-level security and grants apply to the client, not the view's owner.
        boolean invoker = c.getMetaData().getDatabaseMajorVersion() >= 15;
        return "CREATE OR REPLACE VIEW " + view.quoted(dialect) + (invoker ? " WITH (security_invoker = true)" : "") + " AS SELECT "
                + String.join(", ", columns) + " FROM " + table.quoted(dialect);
    }

    @Override
    public String dropView(TableRef view) {
        return "DROP VIEW IF EXISTS " + view.quoted(dialect);
    }

    @Override
    public String dropSchemaIfEmpty(String schema) {
        return "DROP SCHEMA IF EXISTS " + q(schema) + " RESTRICT";
    }

    @Override
    public String urlWithSchema(String url, String schema, String fallback, String applicationName) {
        // search_path is invisible to other sessions; the application name shows in pg_stat_activity.
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema + "," + fallback + "&ApplicationName=" + applicationName;
    }

    @Override
    public String usageTable(String schema) {
        return "CREATE TABLE IF NOT EXISTS " + q(schema) + ".ferry_compat_usage (version VARCHAR(10) NOT NULL, user_name VARCHAR(200) NOT NULL, "
                + "application_name VARCHAR(200) NOT NULL, client_addr VARCHAR(100) NOT NULL, first_seen TIMESTAMPTZ NOT NULL DEFAULT now(), "
                + "last_seen TIMESTAMPTZ NOT NULL DEFAULT now(), last_query TEXT, PRIMARY KEY (version, user_name, application_name, client_addr))";
    }

    @Override
    public List<CompatSession> compatSessions(Connection c, Map<String, String> applicationBySchema) throws SQLException {
        List<CompatSession> out = new ArrayList<>();
        for (Map.Entry<String, String> e : applicationBySchema.entrySet()) {
            String version = e.getKey().substring(e.getKey().lastIndexOf('_') + 1);
            read(c, "SELECT COALESCE(usename::text, '') || chr(9) || COALESCE(application_name, '') || chr(9) || COALESCE(host(client_addr), 'local'), "
                    + "left(COALESCE(query, ''), 500), '' FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    + "AND backend_type = 'client backend' AND application_name NOT LIKE 'ferry %' "
                    + "AND (application_name = ? OR strpos(query, ?) > 0) ORDER BY pid", e.getValue(), e.getKey(), (who, query, unused) -> {
                        String[] w = who.split("\t", -1);
                        out.add(new CompatSession(version, w[0], w[1], w[2], query));
                    });
        }
        return out;
    }

    @Override
    public String recordUsage(TableRef usage) {
        return "INSERT INTO " + usage.quoted(dialect) + " AS u (version, user_name, application_name, client_addr, last_query) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (version, user_name, application_name, client_addr) DO UPDATE SET last_seen = now(), last_query = EXCLUDED.last_query "
                + "RETURNING u.version, u.user_name, u.application_name, u.client_addr, u.first_seen, u.last_seen, u.last_query";
    }

    @Override
    public String idMapTable(String schema) {
        return "CREATE TABLE IF NOT EXISTS " + q(schema) + ".ferry_id_map (entity VARCHAR(200) NOT NULL, table_name VARCHAR(200) NOT NULL, "
                + "legacy_key BIGINT NOT NULL, uuid uuid NOT NULL UNIQUE, PRIMARY KEY (entity, legacy_key))";
    }

    @Override
    public String fillIdMap(TableRef idMap, TableRef table, String entity, String key, String keyUuid) {
        return "INSERT INTO " + idMap.quoted(dialect) + " (entity, table_name, legacy_key, uuid) SELECT " + dialect.literal(entity) + ", "
                + dialect.literal(table.table()) + ", " + q(key) + ", " + q(keyUuid) + " FROM " + table.quoted(dialect) + " WHERE " + q(key)
                + " IS NOT NULL ON CONFLICT DO NOTHING";
    }

    @Override
    public String randomUuidDefault(TableRef table, String column) {
        return "ALTER TABLE " + table.quoted(dialect) + " ALTER COLUMN " + q(column) + " SET DEFAULT gen_random_uuid()";
    }

    @Override
    public String analyze(TableRef table) {
        return "ANALYZE " + table.quoted(dialect);
    }

    @Override
    public double joinCost(Connection c, TableRef child, String column, TableRef parent, String parentColumn) throws SQLException {
        String sql = "EXPLAIN SELECT * FROM " + child.quoted(dialect) + " c JOIN " + parent.quoted(dialect) + " p ON p." + q(parentColumn)
                + " = c." + q(column);
        try (java.sql.Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("cost=[0-9.]+\\.\\.([0-9.]+)").matcher(rs.getString(1));
            if (!m.find()) {
                throw new SQLException("No cost in the plan of " + sql + ": " + rs.getString(1));
            }
            return Double.parseDouble(m.group(1));
        }
    }

    @Override
    public String localLockTimeout(Duration timeout) {
        return "SET LOCAL lock_timeout = '" + Math.max(1, timeout.toMillis()) + "ms'";
    }

    @Override
    public boolean blocksWriters(String statement) {
        // Both take SHARE UPDATE EXCLUSIVE, which lets reads and writes go on.
        return !(statement.startsWith("CREATE UNIQUE INDEX CONCURRENTLY") || statement.startsWith("DROP INDEX CONCURRENTLY")
                || statement.contains(" VALIDATE CONSTRAINT "));
    }

    @Override
    public String sessionLockTimeout(Duration timeout) {
        return "SET lock_timeout = '" + Math.max(1, timeout.toMillis()) + "ms'";
    }

    @Override
    public String resetLockTimeout() {
        return "RESET lock_timeout";
    }

    @Override
    public List<String> lockAll(List<TableRef> tables) {
        return List.of("LOCK TABLE " + String.join(", ", tables.stream().map(t -> t.quoted(dialect)).toList()) + " IN ACCESS EXCLUSIVE MODE");
    }

    @Override
    public boolean isLockTimeout(SQLException e) {
        return "55P03".equals(e.getSQLState());
    }

    @Override
    public String uniqueIndexConcurrently(TableRef table, String index, String column) {
        return "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS " + q(index) + " ON " + table.quoted(dialect) + " (" + q(column) + ")";
    }

    @Override
    public boolean indexInvalid(Connection c, TableRef table, String index) throws SQLException {
        return !Catalogs.strings(c, "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n "
                + "ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ? AND NOT i.indisvalid", table.schema(), index).isEmpty();
    }

    @Override
    public String dropIndexConcurrently(TableRef table, String index) {
        return "DROP INDEX CONCURRENTLY IF EXISTS " + q(table.schema()) + "." + q(index);
    }

    @Override
    public String addNotNullCheckNotValid(TableRef table, String constraint, String column) {
        return "ALTER TABLE " + table.quoted(dialect) + " ADD CONSTRAINT " + q(constraint) + " CHECK (" + q(column) + " IS NOT NULL) NOT VALID";
    }

    @Override
    public String addForeignKeyNotValid(TableRef table, String constraint, String column, TableRef parent, String parentColumn) {
        return "ALTER TABLE " + table.quoted(dialect) + " ADD CONSTRAINT " + q(constraint) + " FOREIGN KEY (" + q(column) + ") REFERENCES "
                + parent.quoted(dialect) + " (" + q(parentColumn) + ") NOT VALID";
    }

    @Override
    public String validateConstraint(TableRef table, String constraint) {
        return "ALTER TABLE " + table.quoted(dialect) + " VALIDATE CONSTRAINT " + q(constraint);
    }

    @Override
    public Boolean constraintValidated(Connection c, TableRef table, String constraint) throws SQLException {
        List<String> v = Catalogs.strings(c, "SELECT con.convalidated::text FROM pg_constraint con WHERE con.conrelid = to_regclass(?) "
                + "AND con.conname = ?", table.quoted(dialect), constraint);
        return v.isEmpty() ? null : Boolean.valueOf(v.get(0));
    }
}
