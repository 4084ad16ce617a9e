package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * MariaDB and MySQL: DDL commits implicitly (so a failed migration can be half applied), named
 * locks with GET_LOCK, backslash escapes and DELIMITER in scripts. A "schema" here is a database.
 */
public final class MariaDbDialect implements Dialect {
    private final SqlSplitter splitter = new SqlSplitter(SqlSplitter.Syntax.MYSQL);

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
    public List<String> createHistoryTable(String table) {
        return List.of("CREATE TABLE IF NOT EXISTS " + table + " ("
                + "installed_rank INT NOT NULL PRIMARY KEY, "
                + "version VARCHAR(50), "
                + "description VARCHAR(200) NOT NULL, "
                + "type VARCHAR(20) NOT NULL, "
                + "script VARCHAR(1000) NOT NULL, "
                + "checksum VARCHAR(100), "
                + "installed_by VARCHAR(100) NOT NULL, "
                + "installed_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), "
                + "execution_ms INT NOT NULL, "
                + "status VARCHAR(20) NOT NULL, "
                + "down_script LONGTEXT, "
                + "down_checksum VARCHAR(100), "
                + "statements_committed INT, "
                + "error_detail LONGTEXT) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
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
    public boolean tryLock(Connection c, String lockName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, 0)")) {
            ps.setString(1, lockName(lockName));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    @Override
    public void unlock(Connection c, String lockName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            ps.setString(1, lockName(lockName));
            ps.executeQuery().close();
        }
    }

    @Override
    public String describeLockHolder(Connection c, String lockName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT p.ID, p.USER, p.HOST, p.TIME FROM information_schema.PROCESSLIST p WHERE p.ID = IS_USED_LOCK(?)")) {
            ps.setString(1, lockName(lockName));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "";
                }
                return "connection id " + rs.getLong(1) + ", user " + rs.getString(2) + ", from " + rs.getString(3)
                        + ", in its current state for " + rs.getLong(4) + " s";
            }
        }
    }

    /** GET_LOCK names are limited to 64 characters. */
    private static String lockName(String name) {
        return name.length() <= 64 ? name : name.substring(0, 48) + Integer.toHexString(name.hashCode());
    }

    @Override
    public List<String> clean(Connection c, List<String> schemas) throws SQLException {
        List<String> dropped = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.execute("SET FOREIGN_KEY_CHECKS = 0");
            try {
                for (String schema : schemas) {
                    for (String[] object : listObjects(c, schema)) {
                        st.execute("DROP " + object[1] + " IF EXISTS " + quote(schema) + "." + quote(object[0]));
                        dropped.add(schema + "." + object[0]);
                    }
                }
            } finally {
                st.execute("SET FOREIGN_KEY_CHECKS = 1");
            }
        }
        return dropped;
    }

    private List<String[]> listObjects(Connection c, String schema) throws SQLException {
        List<String[]> objects = new ArrayList<>();
        String sql = "SELECT TABLE_NAME, CASE WHEN TABLE_TYPE = 'VIEW' THEN 'VIEW' WHEN TABLE_TYPE = 'SEQUENCE' THEN 'SEQUENCE' ELSE 'TABLE' END "
                + "FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
                + "UNION ALL SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? "
                + "UNION ALL SELECT EVENT_NAME, 'EVENT' FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            ps.setString(2, schema);
            ps.setString(3, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    objects.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        // Views first: dropping a table under a view leaves the view broken but present.
        objects.sort((a, b) -> Boolean.compare(!"VIEW".equals(a[1]), !"VIEW".equals(b[1])));
        return objects;
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
    public List<String> transferStateTables(String schema) {
        String s = quote(schema) + ".";
        String engine = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + s + "ferry_transfer_runs (run_id VARCHAR(40) PRIMARY KEY, plan_file VARCHAR(1000), "
                        + "plan_checksum VARCHAR(100), status VARCHAR(20) NOT NULL, started_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), "
                        + "finished_at DATETIME(3) NULL, source VARCHAR(1000), started_by VARCHAR(100), error LONGTEXT)" + engine,
                "CREATE TABLE IF NOT EXISTS " + s + "ferry_transfer_checkpoints (run_id VARCHAR(40) NOT NULL, entity VARCHAR(200) NOT NULL, "
                        + "slice INT NOT NULL, range_start VARCHAR(255), range_end VARCHAR(255), last_key VARCHAR(255), "
                        + "rows_read BIGINT NOT NULL DEFAULT 0, rows_written BIGINT NOT NULL DEFAULT 0, rows_rejected BIGINT NOT NULL DEFAULT 0, "
                        + "batches INT NOT NULL DEFAULT 0, status VARCHAR(20) NOT NULL, updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), "
                        + "PRIMARY KEY (run_id, entity, slice))" + engine,
                "CREATE TABLE IF NOT EXISTS " + s + "ferry_id_map (entity VARCHAR(200) NOT NULL, legacy_key VARCHAR(255) NOT NULL, "
                        + "new_key VARCHAR(64) NOT NULL, run_id VARCHAR(40) NOT NULL, PRIMARY KEY (entity, legacy_key))" + engine,
                "CREATE TABLE IF NOT EXISTS " + s + "ferry_rejects (id BIGINT AUTO_INCREMENT PRIMARY KEY, run_id VARCHAR(40) NOT NULL, "
                        + "entity VARCHAR(200) NOT NULL, legacy_key VARCHAR(255), row_data LONGTEXT, error LONGTEXT, "
                        + "rejected_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3))" + engine,
                "CREATE TABLE IF NOT EXISTS " + s + "ferry_transfer_deferred (run_id VARCHAR(40) NOT NULL, entity VARCHAR(200) NOT NULL, "
                        + "kind VARCHAR(20) NOT NULL, name VARCHAR(200) NOT NULL, table_name VARCHAR(400) NOT NULL, definition LONGTEXT NOT NULL, "
                        + "restored BOOLEAN NOT NULL DEFAULT false, PRIMARY KEY (run_id, table_name, kind, name))" + engine,
                // Added after the first release: state tables made before it gain the column on the next run.
                "ALTER TABLE " + s + "ferry_transfer_runs ADD COLUMN IF NOT EXISTS backup_archive VARCHAR(2000)");
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
        String sql = "SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME "
                + "FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL "
                + "AND ORDINAL_POSITION = 1 ORDER BY 2, 1";
        return Catalogs.foreignKeys(c, sql, schema);
    }

    @Override
    public void bindText(PreparedStatement ps, int index, String value) throws SQLException {
        ps.setString(index, value);
    }

    @Override
    public List<DeferrableObject> deferrableObjects(Connection c, TableRef table) throws SQLException {
        List<DeferrableObject> out = new ArrayList<>();
        String t = table.quoted(this);
        String fkSql = "SELECT k.CONSTRAINT_NAME, GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION), k.REFERENCED_TABLE_SCHEMA, "
                + "k.REFERENCED_TABLE_NAME, GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION), r.UPDATE_RULE, r.DELETE_RULE "
                + "FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
                + "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME "
                + "WHERE k.TABLE_SCHEMA = ? AND k.TABLE_NAME = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL "
                + "GROUP BY k.CONSTRAINT_NAME, k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, r.UPDATE_RULE, r.DELETE_RULE ORDER BY 1";
        try (PreparedStatement ps = c.prepareStatement(fkSql)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String create = "ALTER TABLE " + t + " ADD CONSTRAINT " + quote(name) + " FOREIGN KEY (" + quoteList(rs.getString(2))
                            + ") REFERENCES " + quote(rs.getString(3)) + "." + quote(rs.getString(4)) + " (" + quoteList(rs.getString(5))
                            + ") ON UPDATE " + rs.getString(6) + " ON DELETE " + rs.getString(7);
                    out.add(new DeferrableObject(DeferrableObject.FOREIGN_KEY, name, "ALTER TABLE " + t + " DROP FOREIGN KEY " + quote(name), create));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT INDEX_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) "
                + "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 1 "
                + "GROUP BY INDEX_NAME ORDER BY 1")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    out.add(new DeferrableObject(DeferrableObject.INDEX, name, "DROP INDEX " + quote(name) + " ON " + t,
                            "CREATE INDEX " + quote(name) + " ON " + t + " (" + quoteList(rs.getString(2)) + ")"));
                }
            }
        }
        return out;
    }

    private String quoteList(String commaSeparated) {
        return String.join(", ", java.util.Arrays.stream(commaSeparated.split(",")).map(this::quote).toList());
    }

    @Override
    public boolean exists(Connection c, TableRef table, DeferrableObject o) throws SQLException {
        String sql = o.isIndex()
                ? "SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = ?"
                : "SELECT 1 FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            ps.setString(3, o.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public List<String> notValidConstraints(Connection c, String schema) {
        return null;
    }

    @Override
    public List<String> unindexedForeignKeys(Connection c, String schema) {
        // InnoDB creates an index for every foreign key that lacks one.
        return List.of();
    }

    @Override
    public String textCast(String expression) {
        return "CAST(" + expression + " AS CHAR)";
    }

    @Override
    public String integerCast(String expression) {
        return "CAST(" + expression + " AS SIGNED)";
    }

    @Override
    public String createTableLike(String table, String like) {
        return "CREATE TABLE IF NOT EXISTS " + table + " LIKE " + like;
    }

    @Override
    public String upsert(TableRef table, List<String> columns, List<String> key) {
        List<String> others = columns.stream().filter(c -> !key.contains(c)).toList();
        // With nothing else to set, assigning a key column to itself keeps the row as it is.
        List<String> assigned = others.isEmpty() ? List.of(key.get(0)) : others;
        return "INSERT INTO " + table.quoted(this) + " (" + String.join(", ", columns.stream().map(this::quote).toList())
                + ") VALUES (" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ") ON DUPLICATE KEY UPDATE "
                + String.join(", ", assigned.stream().map(c -> quote(c) + " = VALUES(" + quote(c) + ")").toList());
    }

    @Override
    public List<List<String>> uniqueKeys(Connection c, TableRef table) throws SQLException {
        String sql = "SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                + "AND NON_UNIQUE = 0 ORDER BY INDEX_NAME, SEQ_IN_INDEX";
        java.util.Map<String, List<String>> keys = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return new ArrayList<>(keys.values());
    }

    @Override
    public String createSeedHistoryTable(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (environment VARCHAR(100) NOT NULL, file_name VARCHAR(500) NOT NULL, "
                + "checksum VARCHAR(100) NOT NULL, rows_applied BIGINT NOT NULL, applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), "
                + "applied_by VARCHAR(100), run_id VARCHAR(40) NOT NULL, PRIMARY KEY (environment, file_name, run_id)) "
                + "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    }

    @Override
    public String textForColumn(ColumnInfo column, String value) {
        return MariaDbInsertWriter.normalize(column, value);
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
    public CanonicalForm canonicalForm(ColumnInfo column) {
        String t = column.type();
        if (column.isBooleanLike()) {
            return CanonicalForm.BOOLEAN;
        }
        if (column.isInteger()) {
            return CanonicalForm.INTEGER;
        }
        if (t.equals("decimal") && column.scale() != null) {
            return CanonicalForm.DECIMAL;
        }
        return switch (t) {
            case "uuid" -> CanonicalForm.LOWER;
            case "char" -> CanonicalForm.TRIMMED;
            case "datetime", "date" -> CanonicalForm.TIMESTAMP;
            default -> CanonicalForm.TEXT;
        };
    }

    @Override
    public String canonicalText(ColumnInfo c, String x) {
        return switch (canonicalForm(c)) {
            case BOOLEAN -> "CAST(" + x + " + 0 AS CHAR)";
            case TRIMMED -> "RTRIM(CAST(" + x + " AS CHAR))";
            case LOWER -> "LOWER(CAST(" + x + " AS CHAR))";
            case TIMESTAMP -> c.type().equals("date") ? "CAST(" + x + " AS CHAR)"
                    : "CONCAT(DATE_FORMAT(" + x + ", '%Y-%m-%d %H:%i:%s'), IF(MICROSECOND(" + x + ") = 0, '', "
                    + "TRIM(TRAILING '0' FROM CONCAT('.', LPAD(MICROSECOND(" + x + "), 6, '0')))))";
            default -> "CAST(" + x + " AS CHAR)";
        };
    }

    @Override
    public String columnHashSql(String key, int column, String text) {
        return "COALESCE(CAST(CONV(SUBSTRING(MD5(CONCAT(" + key + ", ':" + column + ":', " + text + ")), 1, 12), 16, 10) AS UNSIGNED), 0)";
    }

    @Override
    public RowHash.ColumnHash columnHash() {
        return new Md5ColumnHash();
    }

    @Override
    public boolean hashesUtf8(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@character_set_database")) {
            return rs.next() && rs.getString(1).toLowerCase(java.util.Locale.ROOT).startsWith("utf8");
        }
    }

    @Override
    public String integerDivide(String expression, long divisor) {
        return "(" + expression + ") DIV " + divisor;
    }

    @Override
    public int maxIdentifierLength() {
        return 64;
    }

    @Override
    public String snapshotStateTable(String schema) {
        return "CREATE TABLE IF NOT EXISTS " + quote(schema) + ".ferry_snapshots (snapshot_id VARCHAR(60) NOT NULL, "
                + "source_schema VARCHAR(64) NOT NULL, source_table VARCHAR(64) NOT NULL, copy_table VARCHAR(64) NOT NULL, "
                + "row_count BIGINT NULL, created_at DATETIME(3) NOT NULL, created_by VARCHAR(100), reason VARCHAR(400), "
                + "PRIMARY KEY (snapshot_id, source_schema, source_table)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    }

    @Override
    public String insertSelect(String table, String columns, String select) {
        return "INSERT INTO " + table + " (" + columns + ") " + select;
    }

    @Override
    public String beginSnapshot(Connection c) throws SQLException {
        c.setAutoCommit(false); // hand-written: the transaction stays open while the caller reads the snapshot
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        }
        // A MariaDB snapshot belongs to one session; other sessions cannot join it.
        return null;
    }

    @Override
    public void joinSnapshot(Connection c, String snapshotId) {
        throw new UnsupportedOperationException("MariaDB cannot share a snapshot between sessions");
    }

    @Override
    public long copyOut(Connection c, TableRef table, List<String> columns, java.io.OutputStream out) throws SQLException, java.io.IOException {
        String sql = "SELECT " + String.join(", ", columns.stream().map(this::quote).toList()) + " FROM " + table.quoted(this);
        long rows = 0;
        java.io.Writer w = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder line = new StringBuilder(256);
        try (Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            st.setFetchSize(4096);
            try (ResultSet rs = st.executeQuery(sql)) {
                int n = columns.size();
                while (rs.next()) {
                    line.setLength(0);
                    for (int i = 1; i <= n; i++) {
                        if (i > 1) {
                            line.append('\t');
                        }
                        CopyText.append(line, rs.getString(i));
                    }
                    line.append('\n');
                    w.append(line);
                    rows++;
                }
            }
        }
        w.flush();
        return rows;
    }

    @Override
    public long copyIn(Connection c, TableRef table, List<String> columns, java.io.InputStream in) throws SQLException, java.io.IOException {
        java.util.Map<String, ColumnInfo> byName = new java.util.HashMap<>();
        for (ColumnInfo ci : Catalogs.columns(c, table)) {
            byName.put(ci.name(), ci);
        }
        List<ColumnInfo> infos = new ArrayList<>();
        for (String name : columns) {
            ColumnInfo ci = byName.get(name);
            if (ci == null) {
                throw new SQLException("column " + name + " of the backup is missing from " + table, "42S22");
            }
            infos.add(ci);
        }
        BulkWriter writer = bulkWriter(c, table, infos);
        CopyText.Reader reader = new CopyText.Reader(in, columns.size());
        List<String[]> batch = new ArrayList<>(MariaDbInsertWriter.ROWS_PER_STATEMENT * 4);
        long rows = 0;
        for (String[] row = reader.next(); row != null; row = reader.next()) {
            batch.add(row);
            rows++;
            if (batch.size() == MariaDbInsertWriter.ROWS_PER_STATEMENT * 4) {
                writer.write(batch);
                batch.clear();
            }
        }
        writer.write(batch);
        return rows;
    }

    @Override
    public TableDefinition tableDefinition(Connection c, TableRef table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + table.quoted(this))) {
            rs.next();
            // Indexes and foreign keys are part of MariaDB's CREATE TABLE; tables they name may come later
            // because the restore runs with foreign-key checks off.
            return new TableDefinition(List.of(rs.getString(2)), List.of(), List.of());
        }
    }

    @Override
    public List<String> emptyTables(List<TableRef> tables) {
        // DELETE rather than TRUNCATE: TRUNCATE commits at once, DELETE stays in the restore's transaction.
        return tables.stream().map(t -> "DELETE FROM " + t.quoted(this)).toList();
    }

    @Override
    public boolean canSuspendForeignKeyChecks() {
        return true;
    }

    @Override
    public void foreignKeyChecks(Connection c, boolean enabled) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET FOREIGN_KEY_CHECKS = " + (enabled ? 1 : 0));
        }
    }

    @Override
    public void resetSequences(Connection c, TableRef table) {
        // InnoDB moves AUTO_INCREMENT past every explicit value inserted.
    }

    @Override
    public ProtectionSql protection() {
        return new MariaDbProtectionSql(this);
    }

    @Override
    public long tableBytes(Connection c, List<String> schemas) throws SQLException {
        String marks = String.join(", ", java.util.Collections.nCopies(schemas.size(), "?"));
        String sql = "SELECT COALESCE(SUM(data_length), 0) FROM information_schema.tables "
                + "WHERE table_type = 'BASE TABLE' AND table_schema IN (" + marks + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < schemas.size(); i++) {
                ps.setString(i + 1, schemas.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public String analyze(String table) {
        return "ANALYZE TABLE " + table;
    }

    @Override
    public long estimatedRows(Connection c, TableRef table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(TABLE_ROWS, 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
