package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/** PostgreSQL: transactional DDL, session advisory locks, dollar quoting. */
public final class PostgresDialect implements Dialect {
    private static final Pattern NO_TRANSACTION = Pattern.compile(
            "(?is)^\\s*(CREATE\\s+(UNIQUE\\s+)?INDEX\\s+CONCURRENTLY|DROP\\s+INDEX\\s+CONCURRENTLY"
                    + "|REINDEX\\b.*\\bCONCURRENTLY|VACUUM\\b|CREATE\\s+DATABASE|DROP\\s+DATABASE|ALTER\\s+SYSTEM"
                    + "|CREATE\\s+TABLESPACE|DROP\\s+TABLESPACE|CLUSTER\\s*$|ALTER\\s+TYPE\\s+\\S+\\s+ADD\\s+VALUE"
                    + "|DETACH\\s+PARTITION.*\\bCONCURRENTLY|ALTER\\s+TABLE\\b.*\\bDETACH\\s+PARTITION\\b.*\\bCONCURRENTLY).*");

    private final SqlSplitter splitter = new SqlSplitter(SqlSplitter.Syntax.POSTGRES);

    private final ProtectionSql protection = new PostgresProtectionSql(this);
    private final HistorySql history = new PostgresHistorySql(this);
    private final SessionLocks locks = new PostgresSessionLocks();
    private final TransferSql transfer = new PostgresTransferSql(this);
    private final HashingSql hashing = new PostgresHashingSql(this);
    private final IntegritySql integrity = new PostgresIntegritySql(this);
    private final SchemaCatalogSql schemaCatalog = new PostgresSchemaCatalogSql();
    private final SchemaDdl schemaDdl = new PostgresSchemaDdl();
    private final ArchiveSql archive = new PostgresArchiveSql(this);
    private final SeedSql seeds = new PostgresSeedSql(this);
    private final TableCopySql tableCopies = new PostgresTableCopySql(this);
    private final TableHealthSql health = new PostgresTableHealthSql();
    private final RekeySql rekey = new PostgresRekeySql(this);

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
    public Properties connectionProperties(int connectTimeoutSeconds, String applicationName) {
        Properties p = new Properties();
        p.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
        p.setProperty("loginTimeout", Integer.toString(connectTimeoutSeconds));
        p.setProperty("socketTimeout", "0");
        p.setProperty("ApplicationName", applicationName);
        // Values arrive as the server prints them. The driver otherwise switches a statement run a
        // fifth time to binary values, and then builds each timestamp and number as a Java object
        // and prints it again for getString: a sixth of a transfer's CPU in Ferry, and a spelling
        // (a double as 1.0E10) that differs from the first four runs'. A URL's own binaryTransfer wins.
        p.setProperty("binaryTransfer", "false");
        return p;
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
        String sql = "SELECT con.conname, cl.relname, att.attname, rcl.relname, ratt.attname, "
                + "(SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(n, i) "
                + "JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n), "
                + "(SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(n, i) "
                + "JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n) FROM pg_constraint con "
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
    public String textCast(String expression) {
        return "CAST(" + expression + " AS text)";
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
    public int maxIdentifierLength() {
        return 63;
    }

    @Override
    public long estimatedRows(Connection c, TableRef table) throws SQLException {
        return sumOverTree(c, table, "GREATEST(c.reltuples, 0)");
    }

    /**
     * The sum of {@code expression} (over {@code pg_class c}) for the table and every table below it:
     * a partitioned or inheritance parent holds its rows in those.
     */
    long sumOverTree(Connection c, TableRef table, String expression) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("WITH RECURSIVE tree(oid) AS (SELECT to_regclass(?)::oid UNION ALL "
                + "SELECT i.inhrelid FROM pg_inherits i JOIN tree t ON i.inhparent = t.oid) "
                + "SELECT COALESCE(SUM(" + expression + "), 0)::bigint FROM pg_class c JOIN tree t ON c.oid = t.oid")) {
            ps.setString(1, table.quoted(this));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public ProtectionSql protection() {
        return protection;
    }

    @Override
    public HistorySql history() {
        return history;
    }

    @Override
    public SessionLocks locks() {
        return locks;
    }

    @Override
    public TransferSql transfer() {
        return transfer;
    }

    @Override
    public HashingSql hashing() {
        return hashing;
    }

    @Override
    public IntegritySql integrity() {
        return integrity;
    }

    @Override
    public String clientCommand(String host, String port, String user, String database) {
        return "psql -h " + host + " -p " + port + (user == null ? "" : " -U " + user) + " " + database;
    }

    @Override
    public SchemaCatalogSql schemaCatalog() {
        return schemaCatalog;
    }

    @Override
    public SchemaDdl schemaDdl() {
        return schemaDdl;
    }

    @Override
    public ArchiveSql archive() {
        return archive;
    }

    @Override
    public SeedSql seeds() {
        return seeds;
    }

    @Override
    public TableCopySql tableCopies() {
        return tableCopies;
    }

    @Override
    public TableHealthSql health() {
        return health;
    }

    @Override
    public RekeySql rekey() {
        return rekey;
    }
}
