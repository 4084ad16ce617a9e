package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * MariaDB and MySQL: DDL commits implicitly (so a failed migration can be half applied), named
 * locks with GET_LOCK, backslash escapes and DELIMITER in scripts. A "schema" here is a database.
 */
public final class MariaDbDialect implements Dialect {
    private final SqlSplitter splitter = new SqlSplitter(SqlSplitter.Syntax.MYSQL);

    private final ProtectionSql protection = new MariaDbProtectionSql(this);
    private final HistorySql history = new MariaDbHistorySql(this);
    private final SessionLocks locks = new MariaDbSessionLocks();
    private final TransferSql transfer = new MariaDbTransferSql(this);
    private final HashingSql hashing = new MariaDbHashingSql();
    private final IntegritySql integrity = new MariaDbIntegritySql();
    private final SchemaCatalogSql schemaCatalog = new MariaDbSchemaCatalogSql();
    private final SchemaDdl schemaDdl = new MariaDbSchemaDdl();
    private final ArchiveSql archive = new MariaDbArchiveSql(this);
    private final SeedSql seeds = new MariaDbSeedSql(this);
    private final TableCopySql tableCopies = new MariaDbTableCopySql(this);
    private final TableHealthSql health = new MariaDbTableHealthSql();
    private final RekeySql rekey = new MariaDbRekeySql(this);

    @Override
    public String name() {
        return "MariaDB";
    }

    @Override
    public boolean supportsTransactionalDdl() {
        return false;
    }

    @Override
    public SqlSplitter splitter() {
        return splitter;
    }

    @Override
    public boolean requiresNoTransaction(String statement) {
        return false;
    }

    @Override
    public String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String literal(String value) {
        return value == null ? "NULL" : "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    @Override
    public String currentSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT DATABASE()")) {
            rs.next();
            String db = rs.getString(1);
            if (db == null) {
                throw new SQLException("no database selected: put one in the JDBC URL, e.g. jdbc:mariadb://host:3306/mydb", "3D000");
            }
            return db;
        }
    }

    @Override
    public Properties connectionProperties(int connectTimeoutSeconds, String applicationName) {
        Properties p = new Properties();
        p.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds * 1000));
        p.setProperty("permitMysqlScheme", "true");
        p.setProperty("allowLocalInfile", "false");
        p.setProperty("connectionAttributes", "program_name:" + applicationName.replace(',', ' ').replace(':', ' '));
        return p;
    }

    @Override
    public void createSchemaIfMissing(Connection c, String schema) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + quote(schema));
        }
    }

    @Override
    public void useSchemas(Connection c, List<String> schemas) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("USE " + quote(schemas.get(0)));
        }
    }

    @Override
    public boolean tableExists(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public BulkWriter bulkWriter(Connection c, TableRef table, List<ColumnInfo> columns) {
        return new MariaDbInsertWriter(c, table, columns, this);
    }

    @Override
    public boolean isTransient(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int code = e.getErrorCode();
        return state.startsWith("08") || state.equals("40001") || code == 1213 || code == 1205 || code == 1927 || code == 2006
                || code == 2013 || e instanceof java.sql.SQLTransientException || e instanceof java.sql.SQLNonTransientConnectionException
                || e.getCause() instanceof java.io.IOException;
    }

    @Override
    public List<ForeignKey> foreignKeys(Connection c, String schema) throws SQLException {
        String sql = "SELECT k.CONSTRAINT_NAME, k.TABLE_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, "
                + "GROUP_CONCAT(a.COLUMN_NAME ORDER BY a.ORDINAL_POSITION SEPARATOR ','), "
                + "GROUP_CONCAT(a.REFERENCED_COLUMN_NAME ORDER BY a.ORDINAL_POSITION SEPARATOR ',') "
                + "FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.KEY_COLUMN_USAGE a ON a.TABLE_SCHEMA = k.TABLE_SCHEMA "
                + "AND a.TABLE_NAME = k.TABLE_NAME AND a.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND a.REFERENCED_TABLE_NAME IS NOT NULL "
                + "WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL AND k.ORDINAL_POSITION = 1 "
                + "GROUP BY k.CONSTRAINT_NAME, k.TABLE_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME ORDER BY 2, 1";
        return Catalogs.foreignKeys(c, sql, schema);
    }

    @Override
    public void bindText(PreparedStatement ps, int index, String value) throws SQLException {
        ps.setString(index, value);
    }

    @Override
    public String textCast(String expression) {
        return "CAST(" + expression + " AS CHAR)";
    }

    @Override
    public List<String> objectNames(Connection c, TableRef table, String kind) throws SQLException {
        if (kind.equals("policy")) {
            return null;
        }
        String sql = kind.equals("index")
                ? "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                : "SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";
        return Catalogs.strings(c, sql, table.schema(), table.table());
    }

    @Override
    public int maxIdentifierLength() {
        return 64;
    }

    @Override
    public long estimatedRows(Connection c, TableRef table) throws SQLException {
        return tableStatistic(c, table, "TABLE_ROWS");
    }

    /** A column of the table's row in {@code information_schema.TABLES} (InnoDB's estimates), 0 when unknown. */
    long tableStatistic(Connection c, TableRef table, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(" + column + ", 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
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
        return "mariadb -h " + host + " -P " + port + (user == null ? "" : " -u " + user + " -p") + " " + database;
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

    /** Re-keying in place: base-table triggers, MERGE views and online rebuilds where PostgreSQL has INSTEAD OF, NOT VALID and CONCURRENTLY. */
    @Override
    public RekeySql rekey() {
        return rekey;
    }
}
