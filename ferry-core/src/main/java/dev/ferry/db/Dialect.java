package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * The one place per database for SQL and behaviour that differ. Everything above this layer asks
 * a capability question ({@link #supportsTransactionalDdl()}) instead of testing which database it is.
 *
 * <p>This interface holds only what every capability needs (quoting, schemas, connections, basic
 * catalog questions). The SQL of one concern lives in a part of its own that the dialect hands out
 * once ({@link #protection()}, {@link #history()}, {@link #hashing()}, ...): a new capability adds
 * its own part instead of growing this interface.
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

    /** Connection properties that bound connect and login time and identify Ferry to the server. */
    Properties connectionProperties(int connectTimeoutSeconds, String applicationName);

    /** Creates the schema if it is missing (PostgreSQL schema, MariaDB database). */
    void createSchemaIfMissing(Connection c, String schema) throws SQLException;

    /** Makes unqualified names in migrations resolve to these schemas, the first one first. */
    void useSchemas(Connection c, List<String> schemas) throws SQLException;

    boolean tableExists(Connection c, String schema, String table) throws SQLException;

    /** A writer for many rows into {@code table}'s {@code columns}, inside the caller's transaction. */
    BulkWriter bulkWriter(Connection c, TableRef table, List<ColumnInfo> columns) throws SQLException;

    /** Whether retrying after this error (with a new connection) can succeed: lost connections, deadlocks, serialization failures. */
    boolean isTransient(SQLException e);

    /** Binds a text value so the database converts it to the column's type (uuid, numeric, json, ...). */
    void bindText(java.sql.PreparedStatement ps, int index, String value) throws SQLException;

    /** An SQL expression turning {@code expression} into text, for comparing keys of any type. */
    String textCast(String expression);

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

    /** The longest table name the database accepts, in bytes of UTF-8 (PostgreSQL 63, MariaDB 64). */
    int maxIdentifierLength();

    /** The planner's estimate of a table's rows (cheap, may be stale; 0 when unknown), for scheduling work. */
    long estimatedRows(Connection c, TableRef table) throws SQLException;

    /** The SQL of protected data: audit trail, audit triggers, JSON checks. */
    ProtectionSql protection();

    /** Schema migrations' history table and clean. */
    HistorySql history();

    /** Named session locks: the migration lock, the transfer rollback lock. */
    SessionLocks locks();

    /** Data transfer's state tables, deferred indexes and foreign keys, statistics. */
    TransferSql transfer();

    /** Verification's canonical texts, row hashes and source-side expressions. */
    HashingSql hashing();

    /** Verification's integrity checks. */
    IntegritySql integrity();

    /** The database's own command-line client, connected as given: what a person types to look inside. */
    String clientCommand(String host, String port, String user, String database);

    /** Schema comparison: every object of a schema, as the server defines it. */
    SchemaCatalogSql schemaCatalog();

    /** Migrations written from a schema difference: the statements that create, drop and alter each object. */
    SchemaDdl schemaDdl();

    /** Archive backups and restore: snapshots, COPY, table definitions. */
    ArchiveSql archive();

    /** Seed files: seed history and upserts. */
    SeedSql seeds();

    /** In-database table copies: snapshots, quarantine, rollback copies. */
    TableCopySql tableCopies();

    /** Table health for doctor: reclaimable space, invalid indexes, sequences near their maximum. */
    TableHealthSql health();

    /** Re-keying in place: key dependents, shadow UUID columns, sync triggers, backfill, concurrent indexes. */
    RekeySql rekey();

}
