package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The SQL of re-keying a live database in place: what depends on a key, the shadow UUID columns,
 * the triggers that keep both key forms in step, the batched backfill, unique indexes and foreign
 * keys built without long locks. A part of its own so that {@link Dialect} keeps only what every
 * capability needs.
 */
public interface RekeySql {
    /** The views over the re-keyed columns and their twins in the new shape. */
    RekeyViewSql views();

    /** Every object depending on {@code column} of {@code table}, or naming it in its text. */
    List<ColumnDependent> dependents(Connection c, TableRef table, String column) throws SQLException;

    /** The table's rows (exact) and bytes on disk, indexes included. */
    long[] rowsAndBytes(Connection c, TableRef table) throws SQLException;

    TableUsage usage(Connection c, TableRef table) throws SQLException;

    /**
     * The locks each later step takes on a table of this size, with how long it is held: one line
     * per step, {@code step | lock | duration}.
     */
    List<String[]> lockSteps(long rows, long bytes);

    /** Whether the extension the key function needs is installed already (so abort leaves it when Ferry did not install it). */
    boolean keyExtensionInstalled(Connection c) throws SQLException;

    /** Why the key UUID function cannot be installed here, or {@code null} when it can. */
    String keyFunctionUnavailable(Connection c) throws SQLException;

    /**
     * DDL installing {@code ferry_key_uuid(entity, legacy_key)} in {@code schema}: the same
     * name-based UUID a transfer derives for a row, computed by the server.
     */
    List<String> keyFunction(Connection c, String schema) throws SQLException;

    /** DDL of {@code ferry_rekey}, one row per re-keyed table: its phase and backfill checkpoint. */
    String stateTable(String schema);

    /** Adds a nullable UUID column, unless it is there already. */
    String addUuidColumn(TableRef table, String column);

    /** The statements installing the trigger that gives every written row both key forms. */
    List<String> syncTrigger(TableRef table, SyncSpec spec);

    /** The statements removing it again. */
    List<String> dropSyncTrigger(TableRef table);

    /**
     * One backfill batch: gives the rows whose key is in {@code (?, ?]} their key's UUID and their
     * foreign keys' UUIDs, skipping rows that have them already.
     */
    String backfillBatch(TableRef table, SyncSpec spec);

    /**
     * Starts a backfill batch's transaction: its lock wait, and on servers that can, a mark that lets
     * the sync trigger leave the batch's rows alone (the batch derives their UUIDs the same way).
     */
    default String backfillTransaction(Duration lockTimeout) {
        return localLockTimeout(lockTimeout);
    }

    /** DDL of {@code ferry_rekey_saved}: what the switch replaced (primary keys, foreign keys, NOT NULL, comments), for abort. */
    String savedTable(String schema);

    /** The definition of a constraint as the server would write it back ({@code PRIMARY KEY (id)}, {@code FOREIGN KEY ...}). */
    String constraintDefinition(Connection c, TableRef table, String constraint) throws SQLException;

    /** The name of the table's primary key constraint, or {@code null}. */
    String primaryKeyName(Connection c, TableRef table) throws SQLException;

    /** The column's comment, or {@code null}. */
    String columnComment(Connection c, TableRef table, String column) throws SQLException;

    String dropConstraint(TableRef table, String constraint);

    String addConstraint(TableRef table, String constraint, String definition);

    String setNotNull(TableRef table, String column);

    String dropNotNull(TableRef table, String column);

    /** Sets (or with {@code null} removes) a column's comment. */
    String commentOnColumn(TableRef table, String column, String comment);

    String dropColumn(TableRef table, String column);

    /** Removes {@code ferry_key_uuid}, and the UUID extension when Ferry installed it. */
    List<String> dropKeyFunction(String schema, boolean extensionToo);

    /**
     * A view of one table in a compatibility schema, selecting {@code columns} (each {@code expression AS name},
     * quoted already); simple enough for the server to update through it. Runs with the rights of the caller where the server can.
     */
    String compatView(Connection c, TableRef view, TableRef table, List<String> columns) throws SQLException;

    String dropView(TableRef view);

    /** Drops a compatibility schema once it is empty. */
    String dropSchemaIfEmpty(String schema);

    /**
     * A URL whose connections resolve unqualified names in {@code schema} first, then in {@code fallback},
     * and show {@code applicationName} to other sessions (how usage tracking recognises them).
     */
    String urlWithSchema(String url, String schema, String fallback, String applicationName);

    /** DDL of {@code ferry_compat_usage}: one row per client seen using a compatibility version, with when it was first and last seen. */
    String usageTable(String schema);

    /**
     * The other sessions of this database now using a compatibility version: connected with its
     * application name, or whose current or last statement names its schema. Ferry's own sessions are left out.
     */
    List<CompatSession> compatSessions(Connection c, Map<String, String> applicationBySchema) throws SQLException;

    /**
     * Records one sighting in {@code usage}: parameters version, user, application, address, query;
     * returns the row as stored (version, user, application, address, first seen, last seen, last query).
     */
    String recordUsage(TableRef usage);

    /** DDL of {@code ferry_id_map}: legacy key to UUID per entity, kept after the integer columns are gone. */
    String idMapTable(String schema);

    /** Copies every legacy key of {@code table} and its UUID into the id map; rows there already stay. */
    String fillIdMap(TableRef idMap, TableRef table, String entity, String key, String keyUuid);

    /** Gives new rows a random UUID key when the client writes none (the sync trigger did that until contract). */
    String randomUuidDefault(TableRef table, String column);

    /** Refreshes the planner's statistics of a table. */
    String analyze(TableRef table);

    /** The planner's total cost of joining {@code child} to {@code parent} on {@code column = parentColumn}. */
    double joinCost(Connection c, TableRef child, String column, TableRef parent, String parentColumn) throws SQLException;

    /**
     * Whether the application's writers may wait behind this statement while it runs; {@code false}
     * for the statements built to let writes go on (a concurrent index build, a validation).
     */
    default boolean blocksWriters(String statement) {
        return true;
    }

    /**
     * Statements opening a transaction that will alter all of {@code tables}, taking their exclusive
     * locks at once, in the order given (children before parents): a writer that holds a child and
     * then checks its parent can then never wait for a table the transaction holds while the
     * transaction waits for it. None where the server has no such statement inside a transaction.
     */
    default List<String> lockAll(List<TableRef> tables) {
        return List.of();
    }

    /** Sets the lock wait of the current transaction. */
    String localLockTimeout(Duration timeout);

    /** Sets the lock wait of this session, for statements run one by one outside a transaction. */
    String sessionLockTimeout(Duration timeout);

    /** Puts the session's lock wait back to the server's default. */
    String resetLockTimeout();

    /**
     * Whether expand adds a NOT NULL check on each key's UUID (so that the switch makes it NOT NULL
     * without a scan); where the switch rebuilds the table anyway, no check is needed.
     */
    boolean notNullCheckAtExpand();

    /**
     * Makes {@code column}, which the unique {@code index} covers, the primary key named {@code constraint}
     * in place of the current one; the index is consumed. Each statement may run again after an interruption.
     */
    List<String> replacePrimaryKey(TableRef table, String constraint, String index, String column);

    /** Drops an index inside a transaction where the server can (it is small or unused by then). */
    String dropIndex(TableRef table, String index);

    /**
     * Why a key column cannot be kept in step by the sync trigger on this server, or {@code null}
     * when it can (MariaDB's BEFORE INSERT trigger cannot see the value AUTO_INCREMENT will give).
     */
    String keyColumnUnsupported(Connection c, TableRef table, String key) throws SQLException;

    /**
     * Views in {@code compatSchema} of the other tables of {@code schema}, where unqualified names do
     * not fall back from the compatibility schema to the base one; none where they do.
     */
    List<String> compatOtherTables(Connection c, String schema, String compatSchema, java.util.Set<String> keyed) throws SQLException;

    /** Whether this error is a lock wait that timed out (worth retrying later). */
    boolean isLockTimeout(SQLException e);

    /** Builds a unique index without blocking writes, unless it exists and is valid. */
    String uniqueIndexConcurrently(TableRef table, String index, String column);

    /** Whether {@code index} exists but was left invalid by an interrupted concurrent build. */
    boolean indexInvalid(Connection c, TableRef table, String index) throws SQLException;

    String dropIndexConcurrently(TableRef table, String index);

    /** A CHECK that {@code column} is not null, added without scanning the table. */
    String addNotNullCheckNotValid(TableRef table, String constraint, String column);

    /** A foreign key added without checking the existing rows (they are checked by {@link #validateConstraint}). */
    String addForeignKeyNotValid(TableRef table, String constraint, String column, TableRef parent, String parentColumn);

    /** Checks the existing rows against a constraint added NOT VALID, without blocking writes. */
    String validateConstraint(TableRef table, String constraint);

    /** Whether {@code constraint} exists on {@code table} and whether it is validated: {@code null} when missing. */
    Boolean constraintValidated(Connection c, TableRef table, String constraint) throws SQLException;

    /**
     * What the sync trigger of one table must do: give the key its UUID, and keep each foreign key's
     * integer and UUID forms in step, finding the integer from the parent when only the UUID is written.
     * Once {@code switched}, a row may come without an integer key (from a new client): it gets a
     * random UUID, as a row of the new schema would.
     */
    record SyncSpec(String key, String keyUuid, String entity, List<SyncReference> references, boolean switched) {
    }

    /** A session using a compatibility version ({@code v1} or {@code v2}) at the moment it was sampled. */
    record CompatSession(String version, String user, String application, String address, String query) {
    }

    /** One foreign key column and its UUID twin, pointing at {@code parent}'s key. */
    record SyncReference(String column, String uuidColumn, TableRef parent, String parentKey, String parentKeyUuid,
                         String parentEntity) {
    }
}
