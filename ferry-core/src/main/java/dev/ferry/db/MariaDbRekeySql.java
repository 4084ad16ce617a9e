package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MariaDB's re-keying SQL (10.7 and later: the native UUID type). Its DDL commits by itself, so
 * every statement here may run again after an interruption (IF EXISTS, IF NOT EXISTS, a guarded
 * block); triggers are one per event ({@link MariaDbSyncTriggers}); compatibility "schemas" are
 * databases of views; column changes and foreign-key validation go through Ferry's stored
 * procedures ({@link MariaDbRekeyRoutines}).
 */
final class MariaDbRekeySql implements RekeySql {
    /** What an online table rebuild copies per second, for lock durations; deliberately modest. */
    private static final long REBUILD_BYTES_PER_SECOND = 50L << 20;
    /** Rows the backfill updates per second (a stored function per key), for its duration estimate. */
    private static final long BACKFILL_ROWS_PER_SECOND = 20_000;

    private final Dialect dialect;
    private final MariaDbSyncTriggers syncTriggers;
    private final RekeyViewSql views;

    MariaDbRekeySql(Dialect dialect) {
        this.dialect = dialect;
        this.syncTriggers = new MariaDbSyncTriggers(dialect);
        this.views = new MariaDbRekeyViewSql(dialect);
    }

    @Override
    public RekeyViewSql views() {
        return views;
    }

    @Override
    public boolean blocksWriters(String statement) {
        // Online DDL (LOCK=NONE) lets reads and writes go on, apart from short metadata locks at its start and end.
        return !statement.contains("LOCK=NONE");
    }

    private String q(String identifier) {
        return dialect.quote(identifier);
    }

    private String lit(String value) {
        return dialect.literal(value);
    }

    @Override
    public List<ColumnDependent> dependents(Connection c, TableRef table, String column) throws SQLException {
        List<ColumnDependent> out = new ArrayList<>();
        String s = table.schema();
        String t = table.table();
        rows(c, "SELECT 'primary key', CONCAT(TABLE_NAME, '.PRIMARY'), CONCAT('PRIMARY KEY (', COLUMN_NAME, ')') FROM information_schema.KEY_COLUMN_USAGE "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY'", List.of(s, t, column), out, true);
        rows(c, "SELECT 'foreign key', CONCAT(TABLE_NAME, '.', CONSTRAINT_NAME), CONCAT('FOREIGN KEY (', COLUMN_NAME, ') REFERENCES ', "
                + "REFERENCED_TABLE_NAME, ' (', REFERENCED_COLUMN_NAME, ')') FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? "
                + "AND REFERENCED_TABLE_NAME IS NOT NULL AND ((TABLE_NAME = ? AND COLUMN_NAME = ?) OR (REFERENCED_TABLE_NAME = ? "
                + "AND REFERENCED_COLUMN_NAME = ?)) ORDER BY 2", List.of(s, t, column, t, column), out, true);
        // Indexes other than the primary key and those InnoDB made for a foreign key of the same name.
        rows(c, "SELECT 'index', CONCAT(st.TABLE_NAME, '.', st.INDEX_NAME), CONCAT(IF(st.NON_UNIQUE = 0, 'UNIQUE ', ''), 'INDEX ', st.INDEX_NAME, "
                + "' (', st.COLUMN_NAME, ')') FROM information_schema.STATISTICS st WHERE st.TABLE_SCHEMA = ? AND st.TABLE_NAME = ? "
                + "AND st.COLUMN_NAME = ? AND st.INDEX_NAME <> 'PRIMARY' AND NOT EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS tc "
                + "WHERE tc.TABLE_SCHEMA = st.TABLE_SCHEMA AND tc.TABLE_NAME = st.TABLE_NAME AND tc.CONSTRAINT_NAME = st.INDEX_NAME) ORDER BY 2",
                List.of(s, t, column), out, false);
        // Views, routines and triggers: by their text, which must name both the table and the column.
        String words = "\\b" + java.util.regex.Pattern.quote(t) + "\\b";
        String col = "\\b" + java.util.regex.Pattern.quote(column) + "\\b";
        rows(c, "SELECT 'view', CONCAT(TABLE_SCHEMA, '.', TABLE_NAME), 'selects the column' FROM information_schema.VIEWS "
                + "WHERE TABLE_SCHEMA NOT LIKE CONCAT(?, '\\_v_') AND VIEW_DEFINITION REGEXP ? AND VIEW_DEFINITION REGEXP ? ORDER BY 2",
                List.of(s, words, col), out, false);
        rows(c, "SELECT 'function', CONCAT(ROUTINE_SCHEMA, '.', ROUTINE_NAME), CONCAT('its body names ', ?) FROM information_schema.ROUTINES "
                + "WHERE ROUTINE_SCHEMA = ? AND ROUTINE_NAME NOT LIKE 'ferry\\_%' AND ROUTINE_DEFINITION REGEXP ? AND ROUTINE_DEFINITION REGEXP ? "
                + "ORDER BY 2", List.of(t + "." + column, s, words, col), out, false);
        rows(c, "SELECT 'trigger', CONCAT(EVENT_OBJECT_TABLE, '.', TRIGGER_NAME), CONCAT(ACTION_TIMING, ' ', EVENT_MANIPULATION) "
                + "FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? AND EVENT_OBJECT_TABLE = ? AND TRIGGER_NAME NOT LIKE 'ferry\\_%' "
                + "ORDER BY 2", List.of(s, t), out, true);
        rows(c, "SELECT 'identity', CONCAT(TABLE_NAME, '.', COLUMN_NAME), EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? "
                + "AND TABLE_NAME = ? AND COLUMN_NAME = ? AND EXTRA LIKE '%auto_increment%'", List.of(s, t, column), out, true);
        rows(c, "SELECT 'generated column', CONCAT(TABLE_NAME, '.', COLUMN_NAME), GENERATION_EXPRESSION FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND GENERATION_EXPRESSION REGEXP ? ORDER BY 2", List.of(s, t, col), out, false);
        return out;
    }

    private static void rows(Connection c, String sql, List<String> params, List<ColumnDependent> out, boolean rewritable) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ColumnDependent(rs.getString(1), rs.getString(2), rs.getString(3), rewritable));
                }
            }
        }
    }

    @Override
    public long[] rowsAndBytes(Connection c, TableRef table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM " + table.quoted(dialect) + "), (SELECT COALESCE(DATA_LENGTH, 0) "
                + "+ COALESCE(INDEX_LENGTH, 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?)")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    @Override
    public TableUsage usage(Connection c, TableRef table) throws SQLException {
        if (!"1".equals(Catalogs.strings(c, "SELECT @@performance_schema").get(0))) {
            return new TableUsage(0, 0, 0, 0, 0, "performance_schema is off: no scan or write counts (set performance_schema=ON to get them)");
        }
        try {
            return performanceSchemaUsage(c, table);
        } catch (SQLException e) {
            return new TableUsage(0, 0, 0, 0, 0, "performance_schema is not readable: " + e.getMessage());
        }
    }

    private static TableUsage performanceSchemaUsage(Connection c, TableRef table) throws SQLException {
        long[] v = new long[5];
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(CASE WHEN INDEX_NAME IS NULL THEN COUNT_FETCH END), 0), "
                + "COALESCE(SUM(CASE WHEN INDEX_NAME IS NOT NULL THEN COUNT_FETCH END), 0), COALESCE(SUM(COUNT_INSERT), 0), "
                + "COALESCE(SUM(COUNT_UPDATE), 0), COALESCE(SUM(COUNT_DELETE), 0) FROM performance_schema.table_io_waits_summary_by_index_usage "
                + "WHERE OBJECT_SCHEMA = ? AND OBJECT_NAME = ?")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int i = 0; i < 5; i++) {
                    v[i] = rs.getLong(i + 1);
                }
            }
        }
        String note;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*), COALESCE(sum(COUNT_STAR), 0) FROM "
                + "performance_schema.events_statements_summary_by_digest WHERE SCHEMA_NAME = ? AND DIGEST_TEXT LIKE ?")) {
            ps.setString(1, table.schema());
            ps.setString(2, "%`" + table.table() + "`%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                note = rs.getLong(1) + " statement(s), " + rs.getLong(2) + " call(s) in performance_schema's statement digests";
            }
        }
        return new TableUsage(v[0], v[1], v[2], v[3], v[4], note);
    }

    @Override
    public List<String[]> lockSteps(long rows, long bytes) {
        String rebuild = seconds(bytes / (double) REBUILD_BYTES_PER_SECOND);
        String backfill = seconds(rows / (double) BACKFILL_ROWS_PER_SECOND);
        return List.of(
                new String[] {"expand: add UUID columns", "metadata lock, exclusive (instant ADD COLUMN)", "milliseconds; waits at most lock_timeout"},
                new String[] {"expand: install sync triggers", "metadata lock, exclusive", "milliseconds"},
                new String[] {"expand: backfill", "row locks of one batch", "one batch at a time; whole backfill ~" + backfill},
                new String[] {"expand: unique index ALGORITHM=INPLACE, LOCK=NONE", "metadata lock, exclusive at start and end only (writes go on)",
                        "~" + rebuild},
                new String[] {"expand: UUID foreign keys (foreign_key_checks=0, INPLACE)", "metadata lock, exclusive at start and end", "milliseconds"},
                new String[] {"expand: validate foreign keys (anti-join query)", "none (a consistent read)", "~" + rebuild},
                new String[] {"switch: primary key moved to the UUID (table rebuild, INPLACE, LOCK=NONE)",
                        "metadata lock, exclusive at start and end (writes go on while it copies)", "~" + rebuild + " of rebuild per table"},
                new String[] {"switch: integer columns made nullable (MODIFY)", "metadata lock, exclusive; may rebuild the table", "up to ~" + rebuild},
                new String[] {"contract: drop integer columns (instant DROP COLUMN)", "metadata lock, exclusive", "milliseconds"});
    }

    private static String seconds(double s) {
        return s < 1 ? "under 1 s" : String.format(Locale.ROOT, "%.0f s", Math.ceil(s));
    }

    @Override
    public boolean keyExtensionInstalled(Connection c) {
        return true; // nothing to install besides Ferry's own routines, which abort always removes
    }

    @Override
    public String keyFunctionUnavailable(Connection c) throws SQLException {
        String version = Catalogs.strings(c, "SELECT VERSION()").get(0);
        if (!version.contains("MariaDB")) {
            return "this is MySQL " + version + ", which has no UUID column type; ferry rekey needs MariaDB 10.7 or later";
        }
        String[] parts = version.split("[.-]");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        if (major < 10 || (major == 10 && minor < 7)) {
            return "MariaDB " + version + " has no UUID column type; ferry rekey needs MariaDB 10.7 or later";
        }
        return null;
    }

    @Override
    public List<String> keyFunction(Connection c, String schema) {
        return MariaDbRekeyRoutines.create(dialect, schema);
    }

    @Override
    public String stateTable(String schema) {
        return "CREATE TABLE IF NOT EXISTS " + q(schema) + ".ferry_rekey (table_name VARCHAR(200) PRIMARY KEY, key_column VARCHAR(200) NOT NULL, "
                + "phase VARCHAR(20) NOT NULL, backfill_upto BIGINT, backfill_done_to BIGINT, backfill_rows BIGINT NOT NULL DEFAULT 0, "
                + "run_id VARCHAR(40), updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, switched_at TIMESTAMP NULL DEFAULT NULL) ENGINE=InnoDB";
    }

    @Override
    public String addUuidColumn(TableRef table, String column) {
        return "ALTER TABLE " + table.quoted(dialect) + " ADD COLUMN IF NOT EXISTS " + q(column) + " UUID";
    }

    @Override
    public List<String> syncTrigger(TableRef table, SyncSpec spec) {
        return syncTriggers.create(table, spec);
    }

    @Override
    public List<String> dropSyncTrigger(TableRef table) {
        return syncTriggers.drop(table);
    }

    /**
     * The rows are only touched: the BEFORE UPDATE trigger, installed before the backfill starts,
     * derives every UUID of the row, so each stored function call happens once per row and column.
     */
    @Override
    public String backfillBatch(TableRef table, SyncSpec spec) {
        String missing = q(spec.keyUuid()) + " IS NULL" + spec.references().stream()
                .map(r -> " OR (" + q(r.uuidColumn()) + " IS NULL AND " + q(r.column()) + " IS NOT NULL)").reduce("", String::concat);
        return "UPDATE " + table.quoted(dialect) + " SET " + q(spec.keyUuid()) + " = " + q(spec.keyUuid()) + " WHERE " + q(spec.key())
                + " > ? AND " + q(spec.key()) + " <= ? AND (" + missing + ")";
    }

    @Override
    public String savedTable(String schema) {
        return "CREATE TABLE IF NOT EXISTS " + q(schema) + ".ferry_rekey_saved (table_name VARCHAR(200) NOT NULL, kind VARCHAR(20) NOT NULL, "
                + "name VARCHAR(200) NOT NULL, definition TEXT, PRIMARY KEY (table_name, kind, name)) ENGINE=InnoDB";
    }

    @Override
    public String constraintDefinition(Connection c, TableRef table, String constraint) throws SQLException {
        List<String> v = Catalogs.strings(c, "SELECT CONCAT(IF(k.CONSTRAINT_NAME = 'PRIMARY', 'PRIMARY KEY (', 'FOREIGN KEY ('), "
                + "GROUP_CONCAT(CONCAT('`', k.COLUMN_NAME, '`') ORDER BY k.ORDINAL_POSITION), ')', IF(k.CONSTRAINT_NAME = 'PRIMARY', '', "
                + "CONCAT(' REFERENCES `', MAX(k.REFERENCED_TABLE_NAME), '` (', GROUP_CONCAT(CONCAT('`', k.REFERENCED_COLUMN_NAME, '`') "
                + "ORDER BY k.ORDINAL_POSITION), ') ON DELETE ', MAX(r.DELETE_RULE), ' ON UPDATE ', MAX(r.UPDATE_RULE)))) "
                + "FROM information_schema.KEY_COLUMN_USAGE k LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
                + "ON r.CONSTRAINT_SCHEMA = k.TABLE_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
                + "WHERE k.TABLE_SCHEMA = ? AND k.TABLE_NAME = ? AND k.CONSTRAINT_NAME = ? GROUP BY k.CONSTRAINT_NAME",
                table.schema(), table.table(), constraint);
        if (v.isEmpty() || constraint.equals("PRIMARY")) {
            return v.isEmpty() ? null : v.get(0);
        }
        // Adding a foreign key again makes InnoDB replace the index it used by one named after the constraint: keep its name.
        List<String> index = Catalogs.strings(c, "SELECT st.INDEX_NAME FROM information_schema.STATISTICS st JOIN information_schema.KEY_COLUMN_USAGE k "
                + "ON k.TABLE_SCHEMA = st.TABLE_SCHEMA AND k.TABLE_NAME = st.TABLE_NAME AND k.COLUMN_NAME = st.COLUMN_NAME AND k.ORDINAL_POSITION = 1 "
                + "WHERE st.TABLE_SCHEMA = ? AND st.TABLE_NAME = ? AND k.CONSTRAINT_NAME = ? AND st.SEQ_IN_INDEX = 1 AND st.INDEX_NAME <> 'PRIMARY' "
                + "ORDER BY st.INDEX_NAME = k.CONSTRAINT_NAME DESC, st.NON_UNIQUE DESC, st.INDEX_NAME LIMIT 1", table.schema(), table.table(), constraint);
        return index.isEmpty() ? v.get(0) : v.get(0) + " /* index " + q(index.get(0)) + " */";
    }

    @Override
    public String primaryKeyName(Connection c, TableRef table) throws SQLException {
        List<String> v = Catalogs.strings(c, "SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = ? "
                + "AND TABLE_NAME = ? AND CONSTRAINT_TYPE = 'PRIMARY KEY'", table.schema(), table.table());
        return v.isEmpty() ? null : v.get(0);
    }

    @Override
    public String columnComment(Connection c, TableRef table, String column) throws SQLException {
        List<String> v = Catalogs.strings(c, "SELECT NULLIF(COLUMN_COMMENT, '') FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? "
                + "AND TABLE_NAME = ? AND COLUMN_NAME = ?", table.schema(), table.table(), column);
        return v.isEmpty() ? null : v.get(0);
    }

    @Override
    public String dropConstraint(TableRef table, String constraint) {
        if (constraint.equals("PRIMARY")) {
            return "ALTER TABLE " + table.quoted(dialect) + " DROP PRIMARY KEY";
        }
        return "ALTER TABLE " + table.quoted(dialect) + " DROP CONSTRAINT IF EXISTS " + q(constraint);
    }

    @Override
    public String addConstraint(TableRef table, String constraint, String definition) {
        // Put back by abort with the server's checks on: the rows written meanwhile are checked as the key is added.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(" /\\* index `(.+)` \\*/$").matcher(definition);
        String exists = "SELECT 1 FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = " + lit(table.schema()) + " AND TABLE_NAME = "
                + lit(table.table()) + " AND CONSTRAINT_NAME = " + lit(constraint);
        StringBuilder block = new StringBuilder("BEGIN NOT ATOMIC\n  IF NOT EXISTS (" + exists + ") THEN\n    ALTER TABLE " + table.quoted(dialect)
                + " ADD CONSTRAINT " + q(constraint) + " " + definition + ";\n  END IF;\n");
        if (m.find() && !m.group(1).equals(constraint)) {
            String index = m.group(1).replace("``", "`");
            String indexNamed = "SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = " + lit(table.schema()) + " AND TABLE_NAME = "
                    + lit(table.table()) + " AND INDEX_NAME = ";
            block.append("  IF EXISTS (").append(indexNamed).append(lit(constraint)).append(") AND NOT EXISTS (").append(indexNamed)
                    .append(lit(index)).append(") THEN\n    ALTER TABLE ").append(table.quoted(dialect)).append(" RENAME INDEX ")
                    .append(q(constraint)).append(" TO ").append(q(index)).append(";\n  END IF;\n");
        }
        return block.append("END").toString();
    }

    @Override
    public List<String> replacePrimaryKey(TableRef table, String constraint, String index, String column) {
        // One statement, so InnoDB rebuilds online (writes go on) and the table is never without its key; the column becomes NOT NULL.
        return List.of("ALTER TABLE " + table.quoted(dialect) + " DROP PRIMARY KEY, ADD PRIMARY KEY (" + q(column) + "), DROP INDEX IF EXISTS "
                + q(index) + ", ALGORITHM=INPLACE, LOCK=NONE");
    }

    @Override
    public String dropIndex(TableRef table, String index) {
        return "ALTER TABLE " + table.quoted(dialect) + " DROP INDEX IF EXISTS " + q(index);
    }

    @Override
    public String keyColumnUnsupported(Connection c, TableRef table, String key) throws SQLException {
        boolean autoIncrement = !Catalogs.strings(c, "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                + "AND COLUMN_NAME = ? AND EXTRA LIKE '%auto_increment%'", table.schema(), table.table(), key).isEmpty();
        return autoIncrement ? "is AUTO_INCREMENT: MariaDB's BEFORE INSERT trigger cannot see the value a row will get, so its UUID "
                + "could not be derived as it is written" : null;
    }

    @Override
    public List<String> compatOtherTables(Connection c, String schema, String compatSchema, Set<String> keyed) throws SQLException {
        // A connection to the compatibility database sees only what is in it: the other tables are passed through unchanged.
        List<String> out = new ArrayList<>();
        for (String other : Catalogs.strings(c, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' "
                + "AND TABLE_NAME NOT LIKE 'ferry\\_%' ORDER BY 1", schema)) {
            if (!keyed.contains(other)) {
                out.add(compatView(c, new TableRef(compatSchema, other), new TableRef(schema, other), List.of("*")));
            }
        }
        return out;
    }

    @Override
    public String setNotNull(TableRef table, String column) {
        return "CALL " + q(table.schema()) + ".ferry_rekey_modify_column(" + lit(table.table()) + ", " + lit(column) + ", 'NOT NULL', FALSE, NULL)";
    }

    @Override
    public String dropNotNull(TableRef table, String column) {
        return "CALL " + q(table.schema()) + ".ferry_rekey_modify_column(" + lit(table.table()) + ", " + lit(column) + ", 'NULL', FALSE, NULL)";
    }

    @Override
    public String commentOnColumn(TableRef table, String column, String comment) {
        return "CALL " + q(table.schema()) + ".ferry_rekey_modify_column(" + lit(table.table()) + ", " + lit(column) + ", NULL, TRUE, "
                + lit(comment) + ")";
    }

    @Override
    public String dropColumn(TableRef table, String column) {
        return "ALTER TABLE " + table.quoted(dialect) + " DROP COLUMN IF EXISTS " + q(column);
    }

    @Override
    public List<String> dropKeyFunction(String schema, boolean extensionToo) {
        return MariaDbRekeyRoutines.drop(dialect, schema);
    }

    @Override
    public String compatView(Connection c, TableRef view, TableRef table, List<String> columns) {
        // MERGE keeps a one-table view updatable (no INSTEAD OF triggers needed); the base table's triggers run for writes through it.
        return "CREATE OR REPLACE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW " + view.quoted(dialect) + " AS SELECT " + String.join(", ", columns)
                + " FROM " + table.quoted(dialect);
    }

    @Override
    public String dropView(TableRef view) {
        return "DROP VIEW IF EXISTS " + view.quoted(dialect);
    }

    @Override
    public String dropSchemaIfEmpty(String schema) {
        // A compatibility database holds only Ferry's views; anything else in it (a table, a routine) keeps it.
        return "BEGIN NOT ATOMIC\n  IF NOT EXISTS (SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + lit(schema)
                + " AND TABLE_TYPE <> 'VIEW') AND NOT EXISTS (SELECT 1 FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = " + lit(schema)
                + ") THEN\n    DROP DATABASE IF EXISTS " + q(schema) + ";\n  END IF;\nEND";
    }

    @Override
    public String urlWithSchema(String url, String schema, String fallback, String applicationName) {
        // A MariaDB connection has one default database and no search path: the URL names the compatibility database.
        int hosts = url.indexOf("//");
        int slash = url.indexOf('/', hosts + 2);
        int query = url.indexOf('?', hosts + 2);
        String base = slash < 0 || (query >= 0 && query < slash) ? (query < 0 ? url : url.substring(0, query)) : url.substring(0, slash);
        String params = query < 0 ? "" : url.substring(query + 1);
        String attribute = "connectionAttributes=program_name:" + applicationName;
        return base + "/" + schema + "?" + (params.isEmpty() ? attribute : params + "&" + attribute);
    }

    @Override
    public String usageTable(String schema) {
        return "CREATE TABLE IF NOT EXISTS " + q(schema) + ".ferry_compat_usage (version VARCHAR(10) NOT NULL, user_name VARCHAR(200) NOT NULL, "
                + "application_name VARCHAR(200) NOT NULL, client_addr VARCHAR(100) NOT NULL, first_seen TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), "
                + "last_seen TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), last_query TEXT, PRIMARY KEY (version, user_name, application_name, "
                + "client_addr)) ENGINE=InnoDB";
    }

    @Override
    public List<CompatSession> compatSessions(Connection c, Map<String, String> applicationBySchema) throws SQLException {
        List<CompatSession> out = new ArrayList<>();
        for (Map.Entry<String, String> e : applicationBySchema.entrySet()) {
            String version = e.getKey().substring(e.getKey().lastIndexOf('_') + 1);
            // The process list's DB is the database the client is in: the compatibility database itself tells the version.
            try (PreparedStatement ps = c.prepareStatement("SELECT USER, HOST, LEFT(COALESCE(INFO, ''), 500) FROM information_schema.PROCESSLIST "
                    + "WHERE ID <> CONNECTION_ID() AND COMMAND NOT IN ('Daemon', 'Binlog Dump') AND (DB = ? OR INSTR(COALESCE(INFO, ''), ?) > 0) "
                    + "ORDER BY ID")) {
                ps.setString(1, e.getKey());
                ps.setString(2, "`" + e.getKey() + "`");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String host = rs.getString(2) == null ? "" : rs.getString(2);
                        int colon = host.lastIndexOf(':');
                        String address = host.isEmpty() ? "local" : colon > 0 ? host.substring(0, colon) : host;
                        out.add(new CompatSession(version, rs.getString(1), e.getValue(), address, rs.getString(3)));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public String recordUsage(TableRef usage) {
        return "INSERT INTO " + usage.quoted(dialect) + " (version, user_name, application_name, client_addr, last_query) VALUES (?, ?, ?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE last_seen = CURRENT_TIMESTAMP(6), last_query = VALUES(last_query) "
                + "RETURNING version, user_name, application_name, client_addr, first_seen, last_seen, last_query";
    }

    @Override
    public String idMapTable(String schema) {
        return "CREATE TABLE IF NOT EXISTS " + q(schema) + ".ferry_id_map (entity VARCHAR(200) NOT NULL, table_name VARCHAR(200) NOT NULL, "
                + "legacy_key BIGINT NOT NULL, uuid UUID NOT NULL UNIQUE, PRIMARY KEY (entity, legacy_key)) ENGINE=InnoDB";
    }

    @Override
    public String fillIdMap(TableRef idMap, TableRef table, String entity, String key, String keyUuid) {
        return "INSERT IGNORE INTO " + idMap.quoted(dialect) + " (entity, table_name, legacy_key, uuid) SELECT " + lit(entity) + ", "
                + lit(table.table()) + ", " + q(key) + ", " + q(keyUuid) + " FROM " + table.quoted(dialect) + " WHERE " + q(key) + " IS NOT NULL";
    }

    @Override
    public String randomUuidDefault(TableRef table, String column) {
        return "ALTER TABLE " + table.quoted(dialect) + " ALTER COLUMN " + q(column) + " SET DEFAULT (UUID())";
    }

    @Override
    public String analyze(TableRef table) {
        return "ANALYZE TABLE " + table.quoted(dialect);
    }

    @Override
    public double joinCost(Connection c, TableRef child, String column, TableRef parent, String parentColumn) throws SQLException {
        // EXPLAIN leaves the optimizer's cost of the plan it chose in Last_query_cost.
        try (Statement st = c.createStatement()) {
            st.execute("EXPLAIN SELECT * FROM " + child.quoted(dialect) + " c JOIN " + parent.quoted(dialect) + " p ON p." + q(parentColumn)
                    + " = c." + q(column));
            try (ResultSet rs = st.executeQuery("SHOW SESSION STATUS LIKE 'Last_query_cost'")) {
                if (!rs.next()) {
                    throw new SQLException("The server reports no Last_query_cost for the join of " + child + " and " + parent);
                }
                return Double.parseDouble(rs.getString(2));
            }
        }
    }

    @Override
    public String localLockTimeout(Duration timeout) {
        return sessionLockTimeout(timeout);
    }

    @Override
    public String sessionLockTimeout(Duration timeout) {
        // Both waits are whole seconds on MariaDB: metadata locks (DDL) and row locks (the backfill's UPDATEs).
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        return "SET SESSION lock_wait_timeout = " + seconds + ", innodb_lock_wait_timeout = " + seconds;
    }

    @Override
    public String resetLockTimeout() {
        return "SET SESSION lock_wait_timeout = DEFAULT, innodb_lock_wait_timeout = DEFAULT";
    }

    @Override
    public boolean isLockTimeout(SQLException e) {
        return e.getErrorCode() == 1205 || e.getErrorCode() == 3572;
    }

    @Override
    public boolean notNullCheckAtExpand() {
        return false; // the switch's rebuild makes the UUID NOT NULL, checking every row as it copies
    }

    @Override
    public String uniqueIndexConcurrently(TableRef table, String index, String column) {
        return "ALTER TABLE " + table.quoted(dialect) + " ADD UNIQUE INDEX IF NOT EXISTS " + q(index) + " (" + q(column)
                + "), ALGORITHM=INPLACE, LOCK=NONE";
    }

    @Override
    public boolean indexInvalid(Connection c, TableRef table, String index) {
        return false; // an interrupted ALTER TABLE leaves no half-built index behind
    }

    @Override
    public String dropIndexConcurrently(TableRef table, String index) {
        return "ALTER TABLE " + table.quoted(dialect) + " DROP INDEX IF EXISTS " + q(index) + ", ALGORITHM=INPLACE, LOCK=NONE";
    }

    @Override
    public String addNotNullCheckNotValid(TableRef table, String constraint, String column) {
        // Not used by expand here (see notNullCheckAtExpand); a CHECK would need a blocking table copy.
        return "ALTER TABLE " + table.quoted(dialect) + " ADD CONSTRAINT IF NOT EXISTS " + q(constraint) + " CHECK (" + q(column) + " IS NOT NULL)";
    }

    @Override
    public String addForeignKeyNotValid(TableRef table, String constraint, String column, TableRef parent, String parentColumn) {
        return "SET STATEMENT foreign_key_checks = 0 FOR ALTER TABLE " + table.quoted(dialect) + " ADD CONSTRAINT " + q(constraint)
                + " FOREIGN KEY IF NOT EXISTS (" + q(column) + ") REFERENCES " + parent.quoted(dialect) + " (" + q(parentColumn)
                + "), ALGORITHM=INPLACE, LOCK=NONE";
    }

    @Override
    public String validateConstraint(TableRef table, String constraint) {
        return "CALL " + q(table.schema()) + ".ferry_rekey_validate_foreign_key(" + lit(table.table()) + ", " + lit(constraint) + ")";
    }

    @Override
    public Boolean constraintValidated(Connection c, TableRef table, String constraint) throws SQLException {
        List<String> type = Catalogs.strings(c, "SELECT CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = ? "
                + "AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?", table.schema(), table.table(), constraint);
        if (type.isEmpty()) {
            return null;
        }
        if (!type.get(0).equals("FOREIGN KEY")) {
            return true; // a CHECK is checked as it is added
        }
        // A foreign key added with foreign_key_checks=0 counts once ferry_rekey_validate_foreign_key has found no orphans.
        return !Catalogs.strings(c, "SELECT name FROM " + new TableRef(table.schema(), "ferry_rekey_saved").quoted(dialect)
                + " WHERE table_name = ? AND kind = 'validated' AND name = ?", table.table(), constraint).isEmpty();
    }
}
