package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * The one place per database for SQL and behaviour that differ. Everything above this layer asks
 * a capability question ({@link #supportsTransactionalDdl()}) instead of testing which database it is.
 */
public interface Dialect {

    /** Human name used in messages, e.g. "PostgreSQL". */
    String name();

    /** Whether a failed migration's DDL is rolled back with its transaction. */
    boolean supportsTransactionalDdl();

    SqlSplitter splitter();

    /** Whether this statement cannot run inside a transaction block (e.g. CREATE INDEX CONCURRENTLY). */
    boolean requiresNoTransaction(String statement);

    String quote(String identifier);

    /** A string literal, for SQL that is printed rather than run (dry runs). */
    default String literal(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }

    /** The schema (PostgreSQL) or database (MariaDB) unqualified names resolve to. */
    String currentSchema(Connection c) throws SQLException;

    /** DDL for the schema history table; {@code qualifiedName} is already quoted. */
    List<String> createHistoryTable(String qualifiedName);

    /** Connection properties that bound connect and login time and identify Ferry to the server. */
    Properties connectionProperties(int connectTimeoutSeconds, String applicationName);

    /** Tries once to take the named session lock on {@code c}; never blocks. */
    boolean tryLock(Connection c, String lockName) throws SQLException;

    void unlock(Connection c, String lockName) throws SQLException;

    /** Describes the session that holds the lock, for the "who holds it" message; empty if unknown. */
    String describeLockHolder(Connection c, String lockName) throws SQLException;

    /** Drops every object in the schemas and returns what it dropped, for the report. */
    List<String> clean(Connection c, List<String> schemas) throws SQLException;

    /** Creates the schema if it is missing (PostgreSQL schema, MariaDB database). */
    void createSchemaIfMissing(Connection c, String schema) throws SQLException;

    /** Makes unqualified names in migrations resolve to these schemas, the first one first. */
    void useSchemas(Connection c, List<String> schemas) throws SQLException;

    boolean tableExists(Connection c, String schema, String table) throws SQLException;

    /** DDL for the transfer state tables (runs, checkpoints, ID map, rejects), each IF NOT EXISTS. */
    List<String> transferStateTables(String schema);

    /** A writer for many rows into {@code table}'s {@code columns}, inside the caller's transaction. */
    BulkWriter bulkWriter(Connection c, TableRef table, List<ColumnInfo> columns) throws SQLException;

    /** Whether retrying after this error (with a new connection) can succeed: lost connections, deadlocks, serialization failures. */
    boolean isTransient(SQLException e);

    /** Binds a text value so the database converts it to the column's type (uuid, numeric, json, ...). */
    void bindText(java.sql.PreparedStatement ps, int index, String value) throws SQLException;

    /** The table's secondary indexes (not those behind primary keys or unique constraints) and foreign keys. */
    List<DeferrableObject> deferrableObjects(Connection c, TableRef table) throws SQLException;

    /** Whether the index or foreign key exists on the table (again). */
    boolean exists(Connection c, TableRef table, DeferrableObject object) throws SQLException;

    /**
     * Constraints the database holds without having checked existing rows (PostgreSQL's NOT VALID),
     * as {@code table.constraint}; {@code null} when the database has no such thing.
     */
    List<String> notValidConstraints(Connection c, String schema) throws SQLException;

    /** Foreign keys whose column leads no index (deletes of parents then scan the child), as {@code table.column}. */
    List<String> unindexedForeignKeys(Connection c, String schema) throws SQLException;

    /** An SQL expression turning {@code expression} into text, for comparing keys of any type. */
    String textCast(String expression);

    /** An SQL expression turning text holding an integer into a 64-bit integer, for numeric ordering. */
    String integerCast(String expression);

    /** DDL creating an empty table with the same columns as {@code like}, if it does not exist yet. */
    String createTableLike(String table, String like);

    /**
     * A parameterized statement that inserts one row into {@code columns} or, when a row with the
     * same {@code key} exists, updates its other given columns; run again it changes nothing more.
     * {@code key} must be the primary key or a unique key of the table.
     */
    String upsert(TableRef table, List<String> columns, List<String> key);

    /** The column lists of the table's primary key and unique keys (full, not partial ones). */
    List<List<String>> uniqueKeys(Connection c, TableRef table) throws SQLException;

    /** DDL for the seed history table; {@code qualifiedName} is already quoted. */
    String createSeedHistoryTable(String qualifiedName);

    /** A value written as text (a seed file's cell) in the form this database accepts for the column. */
    default String textForColumn(ColumnInfo column, String value) {
        return value;
    }

    /** The primary key columns of a table, in order; empty when it has none. */
    default List<String> primaryKey(Connection c, TableRef table) throws SQLException {
        List<String> cols = new java.util.ArrayList<>();
        String sql = "SELECT k.column_name FROM information_schema.table_constraints t JOIN information_schema.key_column_usage k "
                + "ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema AND k.table_name = t.table_name "
                + "WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = ? AND t.table_name = ? ORDER BY k.ordinal_position";
        try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cols.add(rs.getString(1));
                }
            }
        }
        return cols;
    }

    /**
     * Names of a table's objects of one kind: {@code index}, {@code constraint} or {@code policy}
     * (row-level security); {@code null} when the database has no such kind.
     */
    List<String> objectNames(Connection c, TableRef table, String kind) throws SQLException;

    /** Declared foreign keys between tables of one schema. */
    List<ForeignKey> foreignKeys(Connection c, String schema) throws SQLException;

    /** How this database's text of the column's values is made canonical for row hashes. */
    CanonicalForm canonicalForm(ColumnInfo column);

    /** SQL giving the canonical text of {@code expression}, a value of the column's type. */
    String canonicalText(ColumnInfo column, String expression);

    /**
     * SQL for one column's term of a row hash (see {@link RowHash}): {@code key} is a 64-bit integer
     * expression, {@code text} the column's canonical text; 0 for NULL.
     */
    String columnHashSql(String key, int column, String text);

    /** Ferry's copy of {@link #columnHashSql}, giving the same numbers; one per thread. */
    RowHash.ColumnHash columnHash();

    /**
     * Whether the database hashes text as UTF-8 bytes, as {@link #columnHash} does in Java; when not,
     * row hashes cannot agree and verification compares rows one by one instead.
     */
    boolean hashesUtf8(Connection c) throws SQLException;

    /** SQL for a row's hash over the given columns (positions and canonical texts); {@code 0} for none. */
    default String rowHashSql(String key, List<Integer> columns, List<String> texts) {
        if (columns.isEmpty()) {
            return "0";
        }
        List<String> terms = new java.util.ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            terms.add(columnHashSql(key, columns.get(i), texts.get(i)));
        }
        return "((" + String.join(" + ", terms) + ") & " + RowHash.MASK + ")";
    }

    /**
     * Source side of verification: SQL turning a text value the way the built-in transform
     * {@code name} (with {@code argument}) turns it in Ferry, or {@code null} when this database
     * cannot compute it alike, in which case Ferry computes the expected rows itself.
     */
    default String transformSql(String name, String argument, String text) {
        return null;
    }

    /**
     * SQL joining the texts that are neither NULL nor empty with {@code separator}, NULL when none
     * is, as a plan's {@code concat:} does; {@code null} if not supported.
     */
    default String concatNonEmpty(List<String> texts, String separator) {
        return null;
    }

    /** SQL parsing a JSON document held as text (NULL when blank); {@code null} if not supported. */
    default String jsonDocumentSql(String text) {
        return null;
    }

    /** SQL reading the field at {@code path} of a parsed document ({@link #jsonDocumentSql}) as text. */
    default String jsonFieldSql(String document, List<String> path) {
        return null;
    }

    /**
     * What to append to a subquery so the database computes its columns once instead of merging it
     * into the outer query and repeating each expression at every use; empty if nothing is needed.
     */
    default String keepSubquery() {
        return "";
    }

    /**
     * SQL converting a text value to the column's type as loading it into the column would, or
     * {@code null} when this database cannot (the type is not known well enough).
     */
    default String castTextTo(ColumnInfo column, String text) {
        return null;
    }

    /** SQL dividing an integer expression by {@code divisor}, truncating toward zero as Java does. */
    String integerDivide(String expression, long divisor);

    /**
     * Prepares the open transaction of {@code c} for an aggregate into a few thousand groups (key
     * segments) whose number the database would guess from the key's, one per row. Nothing by
     * default.
     */
    default void expectFewGroups(Connection c) throws SQLException {
    }

    /**
     * Makes the session of {@code c} run each query in its own process only. For checks that run
     * beside other queries of the same command, which already keep the server's cores busy:
     * PostgreSQL would otherwise plan parallel hash joins that cost about three times the CPU of
     * the merge joins it picks for one process. Nothing by default.
     */
    default void runQueriesSerially(Connection c) throws SQLException {
    }

    /** The longest table name the database accepts, in bytes of UTF-8 (PostgreSQL 63, MariaDB 64). */
    int maxIdentifierLength();

    /** DDL for {@code ferry_snapshots}, the record of in-database table copies, IF NOT EXISTS; {@code schema} is unquoted. */
    String snapshotStateTable(String schema);

    /**
     * An INSERT that copies the rows a SELECT returns into {@code table}'s {@code columns} (both
     * already quoted), keys included even where the table would generate them.
     */
    String insertSelect(String table, String columns, String select);

    /**
     * Starts a read-only transaction on {@code c} that sees one consistent snapshot of the database.
     *
     * @return an id other connections pass to {@link #joinSnapshot} to read the same snapshot, or
     *     {@code null} when the database cannot share a snapshot (then one connection reads everything)
     */
    String beginSnapshot(Connection c) throws SQLException;

    /** Makes {@code c} read the snapshot {@link #beginSnapshot} exported. */
    void joinSnapshot(Connection c, String snapshotId) throws SQLException;

    /** Streams the columns of every row in COPY text format (tab-separated, {@code \\N} for null); returns the rows written. */
    long copyOut(Connection c, TableRef table, List<String> columns, java.io.OutputStream out) throws SQLException, java.io.IOException;

    /**
     * Loads rows in COPY text format into the columns of a table created or emptied in the caller's
     * transaction (PostgreSQL then writes the rows frozen, sparing a later vacuum); returns the rows read.
     */
    long copyIn(Connection c, TableRef table, List<String> columns, java.io.InputStream in) throws SQLException, java.io.IOException;

    /** The statements that recreate a table as it is, with names unqualified so they can run in another schema. */
    TableDefinition tableDefinition(Connection c, TableRef table) throws SQLException;

    /** Statements that empty the tables inside the current transaction (foreign keys between them already out of the way). */
    List<String> emptyTables(List<TableRef> tables);

    /**
     * Whether foreign-key checks can be switched off for one session (MariaDB). Where they cannot,
     * a restore drops and re-adds the constraints inside its transaction, which needs transactional DDL.
     */
    boolean canSuspendForeignKeyChecks();

    void foreignKeyChecks(Connection c, boolean enabled) throws SQLException;

    /** Moves the table's sequences past the highest key it holds, so new rows do not collide with restored ones. */
    void resetSequences(Connection c, TableRef table) throws SQLException;

    /** The SQL of protected data: audit trail, audit triggers, JSON checks. */
    ProtectionSql protection();

    /**
     * The bytes the tables of these schemas take on disk (data and TOAST, indexes included on
     * PostgreSQL), an upper bound for a backup's size that lets a deploy check free space first.
     */
    long tableBytes(Connection c, List<String> schemas) throws SQLException;

    /** A statement refreshing the planner statistics of a table ({@code table} already quoted). */
    String analyze(String table);

    /** The planner's estimate of a table's rows (cheap, may be stale; 0 when unknown), for scheduling work. */
    long estimatedRows(Connection c, TableRef table) throws SQLException;
}
