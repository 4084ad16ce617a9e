package dev.ferry.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** PostgreSQL: transactional DDL, session advisory locks, dollar quoting. */
public final class PostgresDialect implements Dialect {
    private static final Pattern NO_TRANSACTION = Pattern.compile(
            "(?is)^\\s*(CREATE\\s+(UNIQUE\\s+)?INDEX\\s+CONCURRENTLY|DROP\\s+INDEX\\s+CONCURRENTLY"
                    + "|REINDEX\\b.*\\bCONCURRENTLY|VACUUM\\b|CREATE\\s+DATABASE|DROP\\s+DATABASE|ALTER\\s+SYSTEM"
                    + "|CREATE\\s+TABLESPACE|DROP\\s+TABLESPACE|CLUSTER\\s*$|ALTER\\s+TYPE\\s+\\S+\\s+ADD\\s+VALUE"
                    + "|DETACH\\s+PARTITION.*\\bCONCURRENTLY|ALTER\\s+TABLE\\b.*\\bDETACH\\s+PARTITION\\b.*\\bCONCURRENTLY).*");

    /** The characters Java's {@code strip()} and {@code isBlank()} treat as blanks, for ASCII text. */
    private static final String BLANKS = "' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)";

    private final SqlSplitter splitter = new SqlSplitter(SqlSplitter.Syntax.POSTGRES);

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public boolean supportsTransactionalDdl() {
        return true;
    }

    @Override
    public SqlSplitter splitter() {
        return splitter;
    }

    @Override
    public boolean requiresNoTransaction(String statement) {
        return NO_TRANSACTION.matcher(statement).matches();
    }

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String currentSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
            rs.next();
            String schema = rs.getString(1);
            return schema == null ? "public" : schema;
        }
    }

    @Override
    public List<String> createHistoryTable(String table) {
        return List.of("CREATE TABLE IF NOT EXISTS " + table + " ("
                + "installed_rank INT NOT NULL PRIMARY KEY, "
                + "version VARCHAR(50), "
                + "description VARCHAR(200) NOT NULL, "
                + "type VARCHAR(20) NOT NULL, "
                + "script VARCHAR(1000) NOT NULL, "
                + "checksum VARCHAR(100), "
                + "installed_by VARCHAR(100) NOT NULL, "
                + "installed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "
                + "execution_ms INT NOT NULL, "
                + "status VARCHAR(20) NOT NULL, "
                + "down_script TEXT, "
                + "down_checksum VARCHAR(100), "
                + "statements_committed INT, "
                + "error_detail TEXT)");
    }

    @Override
    public Properties connectionProperties(int connectTimeoutSeconds, String applicationName) {
        Properties p = new Properties();
        p.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
        p.setProperty("loginTimeout", Integer.toString(connectTimeoutSeconds));
        p.setProperty("socketTimeout", "0");
        p.setProperty("ApplicationName", applicationName);
        return p;
    }

    @Override
    public boolean tryLock(Connection c, String lockName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, lockKey(lockName));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public void unlock(Connection c, String lockName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, lockKey(lockName));
            ps.executeQuery().close();
        }
    }

    @Override
    public String describeLockHolder(Connection c, String lockName) throws SQLException {
        long key = lockKey(lockName);
        String sql = "SELECT a.pid, a.application_name, a.usename, a.client_addr, a.backend_start "
                + "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                + "WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 1";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, (key >>> 32) & 0xFFFFFFFFL);
            ps.setLong(2, key & 0xFFFFFFFFL);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "";
                }
                String app = rs.getString(2);
                return "backend pid " + rs.getInt(1)
                        + (app == null || app.isBlank() ? "" : " (" + app + ")")
                        + ", user " + rs.getString(3)
                        + (rs.getString(4) == null ? "" : ", from " + rs.getString(4))
                        + ", connected since " + rs.getTimestamp(5).toInstant();
            }
        }
    }

    /** Advisory locks take a 64-bit key; derive it from the name so each history table has its own. */
    static long lockKey(String lockName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(lockName.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> clean(Connection c, List<String> schemas) throws SQLException {
        List<String> dropped = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            for (String schema : schemas) {
                List<String> objects = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                + "WHERE n.nspname = ? AND c.relkind IN ('r','v','m','S','f','p') ORDER BY 1")) {
                    ps.setString(1, schema);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            objects.add(schema + "." + rs.getString(1));
                        }
                    }
                }
                st.execute("DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE");
                st.execute("CREATE SCHEMA " + quote(schema));
                dropped.addAll(objects);
            }
        }
        return dropped;
    }

    @Override
    public void createSchemaIfMissing(Connection c, String schema) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
        }
    }

    @Override
    public void useSchemas(Connection c, List<String> schemas) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + String.join(", ", schemas.stream().map(this::quote).toList()));
        }
    }

    @Override
    public boolean tableExists(Connection c, String schema, String table) throws SQLException {
        // The catalog lookup is instant; information_schema views slow down as the schema grows.
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 WHERE to_regclass(format('%I.%I', ?::text, ?::text)) IS NOT NULL")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public List<String> transferStateTables(String schema) {
        String s = quote(schema) + ".";
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + s + "ferry_transfer_runs (run_id VARCHAR(40) PRIMARY KEY, plan_file VARCHAR(1000), "
                        + "plan_checksum VARCHAR(100), status VARCHAR(20) NOT NULL, started_at TIMESTAMPTZ NOT NULL DEFAULT now(), "
                        + "finished_at TIMESTAMPTZ, source VARCHAR(1000), started_by VARCHAR(100), error TEXT)",
                "CREATE TABLE IF NOT EXISTS " + s + "ferry_transfer_checkpoints (run_id VARCHAR(40) NOT NULL, entity VARCHAR(200) NOT NULL, "
                        + "slice INT NOT NULL, range_start VARCHAR(255), range_end VARCHAR(255), last_key VARCHAR(255), "
                        + "rows_read BIGINT NOT NULL DEFAULT 0, rows_written BIGINT NOT NULL DEFAULT 0, rows_rejected BIGINT NOT NULL DEFAULT 0, "
                        + "batches INT NOT NULL DEFAULT 0, status VARCHAR(20) NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), "
                        + "PRIMARY KEY (run_id, entity, slice))",
                "CREATE TABLE IF NOT EXISTS " + s + "ferry_id_map (entity VARCHAR(200) NOT NULL, legacy_key VARCHAR(255) NOT NULL, "
                        + "new_key VARCHAR(64) NOT NULL, run_id VARCHAR(40) NOT NULL, PRIMARY KEY (entity, legacy_key))",
                "CREATE TABLE IF NOT EXISTS " + s + "ferry_rejects (id BIGSERIAL PRIMARY KEY, run_id VARCHAR(40) NOT NULL, "
                        + "entity VARCHAR(200) NOT NULL, legacy_key VARCHAR(255), row_data TEXT, error TEXT, "
                        + "rejected_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                "CREATE TABLE IF NOT EXISTS " + s + "ferry_transfer_deferred (run_id VARCHAR(40) NOT NULL, entity VARCHAR(200) NOT NULL, "
                        + "kind VARCHAR(20) NOT NULL, name VARCHAR(200) NOT NULL, table_name VARCHAR(400) NOT NULL, definition TEXT NOT NULL, "
                        + "restored BOOLEAN NOT NULL DEFAULT false, PRIMARY KEY (run_id, table_name, kind, name))",
                // Added after the first release: state tables made before it gain the column on the next run.
                "ALTER TABLE " + s + "ferry_transfer_runs ADD COLUMN IF NOT EXISTS backup_archive VARCHAR(2000)");
    }

    @Override
    public BulkWriter bulkWriter(Connection c, TableRef table, List<ColumnInfo> columns) throws SQLException {
        return new PostgresCopyWriter(c, table, columns, this);
    }

    @Override
    public boolean isTransient(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") || state.equals("40001") || state.equals("40P01") || state.equals("57P01")
                || state.equals("57P02") || state.equals("57P03") || state.equals("53300") || e.getCause() instanceof java.io.IOException;
    }

    @Override
    public List<ForeignKey> foreignKeys(Connection c, String schema) throws SQLException {
        String sql = "SELECT con.conname, cl.relname, att.attname, rcl.relname, ratt.attname FROM pg_constraint con "
                + "JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace "
                + "JOIN pg_class rcl ON rcl.oid = con.confrelid "
                + "JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1] "
                + "JOIN pg_attribute ratt ON ratt.attrelid = con.confrelid AND ratt.attnum = con.confkey[1] "
                + "WHERE con.contype = 'f' AND n.nspname = ? ORDER BY 2, 1";
        return Catalogs.foreignKeys(c, sql, schema);
    }

    @Override
    public void bindText(PreparedStatement ps, int index, String value) throws SQLException {
        // Types.OTHER sends the text as "unknown", so the server casts it to whatever the column is.
        ps.setObject(index, value, java.sql.Types.OTHER);
    }

    @Override
    public List<DeferrableObject> deferrableObjects(Connection c, TableRef table) throws SQLException {
        List<DeferrableObject> out = new ArrayList<>();
        String t = table.quoted(this);
        try (PreparedStatement ps = c.prepareStatement("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE conrelid = ?::regclass AND contype = 'f' ORDER BY conname")) {
            ps.setString(1, t);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    out.add(new DeferrableObject(DeferrableObject.FOREIGN_KEY, name, "ALTER TABLE " + t + " DROP CONSTRAINT " + quote(name),
                            "ALTER TABLE " + t + " ADD CONSTRAINT " + quote(name) + " " + rs.getString(2)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ic.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                + "JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = ?::regclass AND NOT i.indisprimary "
                + "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY 1")) {
            ps.setString(1, t);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    out.add(new DeferrableObject(DeferrableObject.INDEX, name, "DROP INDEX " + quote(table.schema()) + "." + quote(name),
                            rs.getString(2)));
                }
            }
        }
        return out;
    }

    @Override
    public boolean exists(Connection c, TableRef table, DeferrableObject o) throws SQLException {
        String sql = o.isIndex()
                ? "SELECT 1 FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = ?::regclass AND ic.relname = ?"
                : "SELECT 1 FROM pg_constraint WHERE conrelid = ?::regclass AND conname = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.quoted(this));
            ps.setString(2, o.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public List<String> notValidConstraints(Connection c, String schema) throws SQLException {
        return Catalogs.strings(c, "SELECT cl.relname || '.' || con.conname FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid "
                + "JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE n.nspname = ? AND NOT con.convalidated ORDER BY 1", schema);
    }

    @Override
    public List<String> unindexedForeignKeys(Connection c, String schema) throws SQLException {
        return Catalogs.strings(c, "SELECT cl.relname || '.' || att.attname FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid "
                + "JOIN pg_namespace n ON n.oid = cl.relnamespace JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1] "
                + "WHERE n.nspname = ? AND con.contype = 'f' AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = con.conrelid "
                + "AND i.indkey[0] = con.conkey[1]) ORDER BY 1", schema);
    }

    @Override
    public String textCast(String expression) {
        return "CAST(" + expression + " AS text)";
    }

    @Override
    public String integerCast(String expression) {
        return "CAST(" + expression + " AS bigint)";
    }

    @Override
    public String createTableLike(String table, String like) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (LIKE " + like + ")";
    }

    @Override
    public String upsert(TableRef table, List<String> columns, List<String> key) {
        List<String> others = columns.stream().filter(c -> !key.contains(c)).toList();
        return "INSERT INTO " + table.quoted(this) + " (" + String.join(", ", columns.stream().map(this::quote).toList())
                + ") VALUES (" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ") ON CONFLICT ("
                + String.join(", ", key.stream().map(this::quote).toList()) + ") "
                + (others.isEmpty() ? "DO NOTHING"
                : "DO UPDATE SET " + String.join(", ", others.stream().map(c -> quote(c) + " = EXCLUDED." + quote(c)).toList()));
    }

    @Override
    public List<List<String>> uniqueKeys(Connection c, TableRef table) throws SQLException {
        String sql = "SELECT i.indexrelid, a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                + "AND a.attnum = ANY (i.indkey) WHERE i.indrelid = ?::regclass AND i.indisunique AND i.indpred IS NULL "
                + "ORDER BY i.indexrelid, array_position(i.indkey::int2[], a.attnum)";
        java.util.Map<Long, List<String>> keys = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.quoted(this));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return new ArrayList<>(keys.values());
    }

    @Override
    public String createSeedHistoryTable(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (environment VARCHAR(100) NOT NULL, file_name VARCHAR(500) NOT NULL, "
                + "checksum VARCHAR(100) NOT NULL, rows_applied BIGINT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), "
                + "applied_by VARCHAR(100), run_id VARCHAR(40) NOT NULL, PRIMARY KEY (environment, file_name, run_id))";
    }

    @Override
    public List<String> objectNames(Connection c, TableRef table, String kind) throws SQLException {
        String sql = switch (kind) {
            case "index" -> "SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename = ?";
            case "constraint" -> "SELECT constraint_name FROM information_schema.table_constraints WHERE table_schema = ? AND table_name = ?";
            default -> "SELECT policyname FROM pg_policies WHERE schemaname = ? AND tablename = ?";
        };
        return Catalogs.strings(c, sql, table.schema(), table.table());
    }

    @Override
    public CanonicalForm canonicalForm(ColumnInfo column) {
        String t = column.type();
        if (t.equals("boolean")) {
            return CanonicalForm.BOOLEAN;
        }
        if (column.isInteger()) {
            return CanonicalForm.INTEGER;
        }
        if (t.equals("numeric") && column.scale() != null) {
            return CanonicalForm.DECIMAL;
        }
        return switch (t) {
            case "uuid" -> CanonicalForm.LOWER;
            case "character" -> CanonicalForm.TRIMMED;
            case "timestamp without time zone", "date" -> CanonicalForm.TIMESTAMP;
            case "jsonb" -> CanonicalForm.JSONB;
            default -> CanonicalForm.TEXT;
        };
    }

    @Override
    public String canonicalText(ColumnInfo column, String x) {
        return switch (canonicalForm(column)) {
            case BOOLEAN -> "CAST(CAST(" + x + " AS int) AS text)";
            case TRIMMED -> "rtrim(CAST(" + x + " AS text), ' ')";
            // PostgreSQL prints uuid values in lower case already.
            case LOWER -> column.type().equals("uuid") ? "CAST(" + x + " AS text)" : "lower(CAST(" + x + " AS text))";
            default -> "CAST(" + x + " AS text)";
        };
    }

    @Override
    public String columnHashSql(String key, int column, String text) {
        return PostgresTextHash.sql(key, column, text);
    }

    @Override
    public RowHash.ColumnHash columnHash() {
        return new PostgresTextHash();
    }

    @Override
    public boolean hashesUtf8(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW server_encoding")) {
            return rs.next() && rs.getString(1).equalsIgnoreCase("UTF8");
        }
    }

    @Override
    public String transformSql(String name, String argument, String x) {
        return switch (name) {
            case "trim" -> "btrim(" + x + ", " + BLANKS + ")";
            case "lower" -> "lower(" + x + ")";
            case "upper" -> "upper(" + x + ")";
            case "null_if_empty" -> "CASE WHEN btrim(" + x + ", " + BLANKS + ") = '' THEN NULL ELSE " + x + " END";
            case "collapse_spaces" -> "regexp_replace(btrim(" + x + ", " + BLANKS + "), '\\s+', ' ', 'g')";
            case "digits" -> "regexp_replace(" + x + ", '[^0-9]', '', 'g')";
            case "truncate" -> argument != null && argument.strip().matches("\\d{1,9}") ? "left(" + x + ", " + argument.strip() + ")" : null;
            case "prefix" -> argument == null ? null : "(" + literal(argument) + " || " + x + ")";
            case "suffix" -> argument == null ? null : "(" + x + " || " + literal(argument) + ")";
            default -> null;
        };
    }

    @Override
    public String concatNonEmpty(List<String> texts, String separator) {
        return "NULLIF(concat_ws(" + literal(separator) + ", " + texts.stream().map(t -> "NULLIF(" + t + ", '')")
                .collect(Collectors.joining(", ")) + "), '')";
    }

    @Override
    public String jsonDocumentSql(String x) {
        return "CAST(NULLIF(btrim(" + x + ", " + BLANKS + "), '') AS jsonb)";
    }

    @Override
    public String jsonFieldSql(String document, List<String> path) {
        String keys = path.stream().map(this::literal).collect(Collectors.joining(", "));
        return "(" + document + " #>> CAST(ARRAY[" + keys + "] AS text[]))";
    }

    @Override
    public String keepSubquery() {
        return " OFFSET 0";
    }

    @Override
    public String castTextTo(ColumnInfo column, String x) {
        String t = column.type();
        if (column.isTextual()) {
            return x;
        }
        if (t.equals("jsonb")) {
            return jsonDocumentSql(x); // the same expression as a plan's json: fields use, so one parse serves both
        }
        if (t.equals("numeric")) {
            if (column.precision() == null || column.scale() == null) {
                return "CAST(" + x + " AS numeric)";
            }
            // A value with more decimals than the column keeps them, as in Ferry's canonical form:
            // loading would round it, and rounding is a difference to report, not to hide.
            String n = "CAST(" + x + " AS numeric)";
            return "CASE WHEN scale(" + n + ") <= " + column.scale() + " THEN CAST(" + n + " AS numeric(" + column.precision() + ", "
                    + column.scale() + ")) ELSE " + n + " END";
        }
        return switch (t) {
            case "boolean", "smallint", "integer", "bigint", "real", "double precision", "uuid", "json", "date",
                 "timestamp without time zone", "timestamp with time zone", "time without time zone" -> "CAST(" + x + " AS " + t + ")";
            default -> null;
        };
    }

    @Override
    public String integerDivide(String expression, long divisor) {
        return "(" + expression + ") / " + divisor;
    }

    /**
     * Guessing one group per key, PostgreSQL sorts the rows by segment, spilling them to temporary
     * files (0.9 GB for three million orders), where a hash of the few thousand segments fits in
     * memory. Discouraging the sort for this one transaction makes it hash.
     */
    @Override
    public void expectFewGroups(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL enable_sort = off");
        }
    }

    @Override
    public void runQueriesSerially(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET max_parallel_workers_per_gather = 0");
        }
    }

    @Override
    public int maxIdentifierLength() {
        return 63;
    }

    @Override
    public String snapshotStateTable(String schema) {
        return "CREATE TABLE IF NOT EXISTS " + quote(schema) + ".ferry_snapshots (snapshot_id VARCHAR(60) NOT NULL, "
                + "source_schema VARCHAR(128) NOT NULL, source_table VARCHAR(128) NOT NULL, copy_table VARCHAR(128) NOT NULL, "
                + "row_count BIGINT, created_at TIMESTAMPTZ NOT NULL, created_by VARCHAR(100), reason VARCHAR(400), "
                + "PRIMARY KEY (snapshot_id, source_schema, source_table))";
    }

    @Override
    public String insertSelect(String table, String columns, String select) {
        // OVERRIDING SYSTEM VALUE lets identity columns take the copied keys; it is a no-op elsewhere.
        return "INSERT INTO " + table + " (" + columns + ") OVERRIDING SYSTEM VALUE " + select;
    }

    @Override
    public String beginSnapshot(Connection c) throws SQLException {
        c.setAutoCommit(false); // hand-written: the transaction stays open while other sessions share its snapshot
        try (Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            try (ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Override
    public void joinSnapshot(Connection c, String snapshotId) throws SQLException {
        c.setAutoCommit(false); // hand-written: the transaction stays open while the caller reads the shared snapshot
        try (Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            st.execute("SET TRANSACTION SNAPSHOT " + literal(snapshotId));
        }
    }

    @Override
    public long copyOut(Connection c, TableRef table, List<String> columns, java.io.OutputStream out) throws SQLException, java.io.IOException {
        return c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyOut("COPY " + table.quoted(this) + " (" + columnList(columns)
                + ") TO STDOUT", out);
    }

    @Override
    public long copyIn(Connection c, TableRef table, List<String> columns, java.io.InputStream in) throws SQLException, java.io.IOException {
        return c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn("COPY " + table.quoted(this) + " (" + columnList(columns)
                + ") FROM STDIN WITH (FREEZE)", in, 1 << 16);
    }

    private String columnList(List<String> columns) {
        return String.join(", ", columns.stream().map(this::quote).toList());
    }

    private static final Pattern NEXTVAL = Pattern.compile("nextval\\('([^']+)'::regclass\\)");

    @Override
    public TableDefinition tableDefinition(Connection c, TableRef table) throws SQLException {
        String t = table.quoted(this);
        String name = quote(table.table());
        List<String> create = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        List<String> owned = new ArrayList<>();
        String sql = "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid), "
                + "a.attidentity, a.attgenerated FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                + "WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, t);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StringBuilder col = new StringBuilder(quote(rs.getString(1))).append(' ').append(rs.getString(2));
                    String def = rs.getString(4);
                    String identity = rs.getString(5);
                    String generated = rs.getString(6);
                    if (identity != null && !identity.isEmpty()) {
                        col.append(identity.equals("a") ? " GENERATED ALWAYS AS IDENTITY" : " GENERATED BY DEFAULT AS IDENTITY");
                    } else if (generated != null && generated.equals("s")) {
                        col.append(" GENERATED ALWAYS AS (").append(def).append(") STORED");
                    } else if (def != null) {
                        java.util.regex.Matcher m = NEXTVAL.matcher(def);
                        if (m.find()) {
                            create.add("CREATE SEQUENCE IF NOT EXISTS " + m.group(1));
                            owned.add("ALTER SEQUENCE " + m.group(1) + " OWNED BY " + name + "." + quote(rs.getString(1)));
                        }
                        col.append(" DEFAULT ").append(def);
                    }
                    if (rs.getBoolean(3)) {
                        col.append(" NOT NULL");
                    }
                    columns.add(col.toString());
                }
            }
        }
        // Checks go into the table; keys backed by an index are added after the load, as pg_restore
        // does, so their index is built once instead of kept up row by row.
        List<String> indexes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
                + "WHERE conrelid = ?::regclass AND contype IN ('p', 'u', 'c', 'x') ORDER BY contype DESC, conname")) {
            ps.setString(1, t);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String constraint = "CONSTRAINT " + quote(rs.getString(1)) + " " + rs.getString(2);
                    if (rs.getString(3).equals("c")) {
                        columns.add(constraint);
                    } else {
                        indexes.add("ALTER TABLE " + name + " ADD " + constraint);
                    }
                }
            }
        }
        create.add("CREATE TABLE " + name + " (" + String.join(", ", columns) + ")");
        create.addAll(owned);
        List<String> foreignKeys = new ArrayList<>();
        for (DeferrableObject o : deferrableObjects(c, table)) {
            if (o.isIndex()) {
                indexes.add(o.createSql());
            } else {
                foreignKeys.add(o.createSql().replace("ALTER TABLE " + t + " ", "ALTER TABLE " + name + " "));
            }
        }
        return new TableDefinition(create, indexes, foreignKeys);
    }

    @Override
    public List<String> emptyTables(List<TableRef> tables) {
        return tables.isEmpty() ? List.of() : List.of("TRUNCATE " + String.join(", ", tables.stream().map(t -> t.quoted(this)).toList()));
    }

    @Override
    public boolean canSuspendForeignKeyChecks() {
        return false;
    }

    @Override
    public void foreignKeyChecks(Connection c, boolean enabled) {
        throw new UnsupportedOperationException("PostgreSQL cannot switch foreign-key checks off for a session");
    }

    @Override
    public void resetSequences(Connection c, TableRef table) throws SQLException {
        String t = table.quoted(this);
        List<String[]> sequences = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, pg_get_serial_sequence(?, a.attname) FROM pg_attribute a "
                + "WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped")) {
            ps.setString(1, t);
            ps.setString(2, t);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(2) != null) {
                        sequences.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String[] s : sequences) {
                st.execute("SELECT setval(" + literal(s[1]) + ", COALESCE(MAX(" + quote(s[0]) + "), 0) + 1, false) FROM " + t);
            }
        }
    }

    @Override
    public ProtectionSql protection() {
        return new PostgresProtectionSql(this);
    }

    @Override
    public long tableBytes(Connection c, List<String> schemas) throws SQLException {
        String sql = "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = ANY (?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public String analyze(String table) {
        return "ANALYZE " + table;
    }

    @Override
    public long estimatedRows(Connection c, TableRef table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
            ps.setString(1, table.quoted(this));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
