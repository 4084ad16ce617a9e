package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The SQL of archive backups and their restore: one consistent snapshot read by several connections,
 * rows streamed out and in, tables recreated as they were, foreign-key checks and sequences handled
 * around a load, and the size a backup may take. Separate from {@link Dialect} so that backup's
 * needs grow here.
 */
public interface ArchiveSql {
    /**
     * Starts a read-only transaction on {@code c} that sees one consistent snapshot of the database.
     *
     * @return an id other connections pass to {@link #joinSnapshot} to read the same snapshot, or
     *     {@code null} when the database cannot share a snapshot (then one connection reads everything)
     */
    String beginSnapshot(Connection c) throws SQLException;

    /** Makes {@code c} read the snapshot {@link #beginSnapshot} exported. */
    void joinSnapshot(Connection c, String snapshotId) throws SQLException;

    /**
     * The session settings that shape how rows read as text and how text is read back into rows
     * (time zone; MariaDB's {@code sql_mode}), recorded in the manifest at backup time.
     */
    java.util.Map<String, String> sessionSettings(Connection c) throws SQLException;

    /**
     * Gives a restore's session the settings {@link #sessionSettings} recorded ({@code null} for
     * archives older than that record), so the rows read and compare as they were written, and
     * makes explicit key values, 0 included, land as given.
     */
    void restoreSessionSettings(Connection c, java.util.Map<String, String> settings) throws SQLException;

    /** Streams the columns of every row in COPY text format (tab-separated, {@code \\N} for null); returns the rows written. */
    long copyOut(Connection c, TableRef table, List<String> columns, java.io.OutputStream out) throws SQLException, java.io.IOException;

    /**
     * Loads rows in COPY text format into the columns of a table created or emptied in the caller's
     * transaction (PostgreSQL then writes the rows frozen, sparing a later vacuum); returns the rows read.
     */
    long copyIn(Connection c, TableRef table, List<String> columns, java.io.InputStream in) throws SQLException, java.io.IOException;

    /**
     * Whether {@link #rowsHashForm} can hash a table's rows on the server exactly as
     * {@link CopyTextHash} hashes the archive's lines: PostgreSQL with a UTF-8 server encoding.
     * Where it cannot, a restore reads the rows back ({@link #copyOut}) and compares them in Ferry.
     */
    boolean hashesRows(Connection c) throws SQLException;

    /**
     * How the server hashes the table's own rows (as {@link #copyOut} reads them): the count and the
     * sum of {@code hashtextextended(line, seed)} over each row's line of {@code columns}, built in
     * SQL from each value's output text, as COPY escapes it, except that text columns are written as
     * their byte length, a colon and the text ({@link RowsHashForm}). Only where {@link #hashesRows}.
     */
    RowsHashForm rowsHashForm(Connection c, TableRef table, List<String> columns) throws SQLException;

    /**
     * The tables of a schema that are partitions of another table (PostgreSQL): a backup reads
     * their rows through the partitioned table, whose definition creates them again.
     */
    List<String> partitions(Connection c, String schema) throws SQLException;

    /**
     * Whether the table is partitioned (PostgreSQL): its rows are routed to its partitions and its
     * indexes span them, so a restore keeps those indexes in place rather than rebuilding them.
     */
    boolean isPartitioned(Connection c, TableRef table) throws SQLException;

    /** The statements that recreate a table as it is, with names unqualified so they can run in another schema. */
    TableDefinition tableDefinition(Connection c, TableRef table) throws SQLException;

    /**
     * The objects of {@code schema} besides tables that an archive carries, read with the schema
     * first on the search path so names come out unqualified. A whole-schema backup carries them
     * all (views, routines, triggers too); a backup of some {@code tables} only what those tables
     * need to exist (their types, domains, sequences and the routines their defaults call).
     */
    ObjectDefinitions objectDefinitions(Connection c, String schema, List<String> tables, boolean wholeSchema) throws SQLException;

    /** Prepares a restore's session to create archived objects (PostgreSQL: routine bodies may name tables created later). */
    void beforeCreatingObjects(Connection c) throws SQLException;

    /** Whether DDL joins the current transaction (PostgreSQL), so a rollback also removes the objects a restore created. */
    boolean transactionalDdl();

    /**
     * The statement that removes an object a failed restore created and committed (where DDL commits at once, or before a
     * parallel load's connections start); {@code null} where it cannot or need not.
     */
    String dropObject(ObjectDefinition object);

    /**
     * Statements that empty the tables inside the current transaction (foreign keys between them
     * already out of the way): each table's own rows, not those of its inheritance children.
     */
    List<String> emptyTables(Connection c, List<TableRef> tables) throws SQLException;

    /**
     * Whether foreign-key checks can be switched off for one session (MariaDB). Where they cannot,
     * a restore drops and re-adds the constraints inside its transaction, which needs transactional DDL.
     */
    boolean canSuspendForeignKeyChecks();

    void foreignKeyChecks(Connection c, boolean enabled) throws SQLException;

    /**
     * Where a load ran with foreign-key checks off: for each foreign key from or to one of the
     * tables, a query counting the rows that refer to a row that is not there, by the key's name
     * (as {@code child.key}). Empty where the keys themselves were re-added and so checked (PostgreSQL).
     */
    java.util.Map<String, String> danglingReferenceQueries(Connection c, List<TableRef> tables) throws SQLException;

    /**
     * {@code addForeignKey} (as {@link #tableDefinition} gives it) changed to add the key without
     * checking the rows already there, so that the check can run afterwards on connections of their
     * own, several tables at once ({@link #uncheckedForeignKeys}); {@code null} where the database
     * cannot add a key unchecked and check it later, or not on this table: that key is added, and
     * so checked, as it is.
     */
    default String addForeignKeyUnchecked(Connection c, TableRef table, String addForeignKey) throws SQLException {
        return null;
    }

    /**
     * The foreign keys of these tables that are in place but not yet checked against their rows,
     * as the statements that check them, by table. Keys of one table are checked one after the
     * other (the check locks the table against another check); different tables' side by side.
     */
    default java.util.Map<TableRef, List<String>> uncheckedForeignKeys(Connection c, List<TableRef> tables) throws SQLException {
        return java.util.Map.of();
    }

    /**
     * The statement that drops a schema a failed restore created (MariaDB: a database, whose
     * creation committed at once; PostgreSQL's rolls back with the transaction).
     */
    String dropSchema(String schema);

    /** Moves the table's sequences past the highest key it holds, so new rows do not collide with restored ones. */
    void resetSequences(Connection c, TableRef table) throws SQLException;

    /**
     * The bytes the tables of these schemas take on disk (data and TOAST, indexes included on
     * PostgreSQL), an upper bound for a backup's size that lets a deploy check free space first.
     */
    long tableBytes(Connection c, List<String> schemas) throws SQLException;
}
