package dev.ferry.snapshot;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.Catalogs;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.RowsDigest;
import dev.ferry.db.TableRef;
import dev.ferry.db.Transactions;
import dev.ferry.run.RunJournal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * In-database snapshots: copies of tables kept beside them ({@code backup_<UTC time>_<table>}),
 * recorded in {@code ferry_snapshots} so they can be listed, restored and dropped. A snapshot is
 * the quick undo before a risky change; it is not a backup (it lives and dies with the database).
 */
public final class Snapshots {
    private final Supplier<Database> database;
    private final Path stateDir;
    private final String environment;
    private final boolean protectedEnvironment;

    public Snapshots(Supplier<Database> database, Path stateDir, String environment, boolean protectedEnvironment) {
        this.database = database;
        this.stateDir = stateDir;
        this.environment = environment;
        this.protectedEnvironment = protectedEnvironment;
    }

    /** Copies the tables ({@code table} or {@code schema.table}) inside the database, all as of one moment. */
    public SnapshotResult create(List<String> tables) {
        if (tables.isEmpty()) {
            throw FerryException.invalidInput("Name the tables to snapshot, e.g. 'ferry snapshot orders patients'");
        }
        Database db = database.get();
        Dialect d = db.dialect();
        return RunJournal.run(stateDir, "snapshot", Map.of("database", db.displayUrl(), "tables", tables),
                journal -> copyTables(journal, db, d, tables));
    }

    private SnapshotResult copyTables(RunJournal journal, Database db, Dialect d, List<String> tables) {
        try (Connection c = db.connect("ferry snapshot")) {
            d.tableCopies().keepExplicitKeys(c);
            String schema = d.currentSchema(c);
            SnapshotCatalog catalog = new SnapshotCatalog(d, schema);
            List<TableRef> sources = sources(c, d, schema, tables);
            catalog.create(c);
            String id = journal.runId();
            Instant now = Instant.now();
            Set<String> chosen = new HashSet<>();
            List<SnapshotRecord> records = new ArrayList<>();
            for (TableRef t : sources) {
                String name = SnapshotNames.copyName(now, t.table(), id, d.maxIdentifierLength(),
                        n -> chosen.contains(t.schema() + "." + n) || d.tableExists(c, t.schema(), n));
                chosen.add(t.schema() + "." + name);
                SnapshotRecord r = new SnapshotRecord(id, t.schema(), t.table(), name, null, now, System.getProperty("user.name"),
                        "ferry snapshot");
                catalog.insert(c, r);
                records.add(r);
            }
            List<SnapshotRecord> done;
            try {
                done = copy(c, d, catalog, records, "Snapshot of " + String.join(", ", tables));
            } catch (SQLException | RuntimeException e) {
                discard(c, d, catalog, records);
                throw e;
            }
            SnapshotResult result = new SnapshotResult(id, db.displayUrl(), done);
            for (SnapshotRecord r : done) {
                journal.event("table_copied", Map.of("table", r.source().toString(), "copy", r.copyTable(), "rows", r.rows()));
            }
            journal.report(result);
            return result;
        } catch (SQLException e) {
            throw FerryException.sql("Snapshot of " + String.join(", ", tables), e);
        }
    }

    /** Creates the copies, then fills them all in one transaction so they show one moment of the database. */
    private static List<SnapshotRecord> copy(Connection c, Dialect d, SnapshotCatalog catalog, List<SnapshotRecord> records,
                                             String where) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (SnapshotRecord r : records) {
                st.execute(d.tableCopies().createTableLike(r.copy().quoted(d), r.source().quoted(d)));
            }
        }
        List<SnapshotRecord> done = new ArrayList<>();
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        Transactions.run(c, where, () -> fill(c, d, catalog, records, done));
        return done;
    }

    private static void fill(Connection c, Dialect d, SnapshotCatalog catalog, List<SnapshotRecord> records, List<SnapshotRecord> done)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            for (SnapshotRecord r : records) {
                String cols = columnList(c, d, r.source(), r.copy());
                long rows = st.executeUpdate(d.tableCopies().insertSelect(r.copy().quoted(d), cols, "SELECT " + cols + " FROM " + r.source().quoted(d)));
                catalog.complete(c, r, rows);
                done.add(new SnapshotRecord(r.snapshotId(), r.schema(), r.table(), r.copyTable(), rows, r.createdAt(), r.createdBy(),
                        r.reason()));
            }
        }
    }

    /** Removes what a failed snapshot left behind, so no half-made copy stays recorded. */
    private static void discard(Connection c, Dialect d, SnapshotCatalog catalog, List<SnapshotRecord> records) {
        for (SnapshotRecord r : records) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + r.copy().quoted(d));
                catalog.delete(c, r);
            } catch (SQLException ignored) {
                // The original error is the one to report; a leftover shows as incomplete in 'snapshot list'.
            }
        }
    }

    private static List<TableRef> sources(Connection c, Dialect d, String schema, List<String> tables) throws SQLException {
        Set<TableRef> out = new LinkedHashSet<>();
        for (String name : tables) {
            TableRef t = TableRef.parse(name, schema);
            if (!d.tableExists(c, t.schema(), t.table())) {
                throw FerryException.invalidInput("Table " + t + " does not exist; name a table of schema " + schema
                        + " or write schema.table");
            }
            out.add(t);
        }
        return List.copyOf(out);
    }

    /** The columns the table and its copy share, quoted, in the table's order. */
    static String columnList(Connection c, Dialect d, TableRef table, TableRef copy) throws SQLException {
        return String.join(", ", sharedColumns(c, table, copy).stream().map(d::quote).toList());
    }

    private static List<String> sharedColumns(Connection c, TableRef table, TableRef copy) throws SQLException {
        Set<String> inCopy = new HashSet<>();
        for (ColumnInfo col : Catalogs.columns(c, copy)) {
            inCopy.add(col.name());
        }
        List<String> cols = new ArrayList<>();
        for (ColumnInfo col : Catalogs.columns(c, table)) {
            if (inCopy.contains(col.name())) {
                cols.add(col.name());
            }
        }
        if (cols.isEmpty()) {
            throw FerryException.invalidInput("Table " + table + " and its copy " + copy + " have no column in common");
        }
        return cols;
    }

    /** Compares the restored table with its copy, value by value as text and in any order; a trigger or default that changed a row fails it. */
    private static void requireSameContent(Connection c, Dialect d, SnapshotRecord r) throws SQLException {
        List<String> cols = sharedColumns(c, r.source(), r.copy());
        RowsDigest restored = new RowsDigest();
        RowsDigest copy = new RowsDigest();
        try {
            d.archive().copyOut(c, r.source(), cols, restored);
            d.archive().copyOut(c, r.copy(), cols, copy);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (!restored.sameRows(copy)) {
            throw new FerryException(ErrorCode.VALIDATION_FAILED, "After restoring, " + r.source() + " differs from its copy "
                    + r.copy() + " (a trigger or default changed values on the way in); nothing was changed");
        }
    }

    /** Every snapshot copy in the database, oldest first. */
    public List<SnapshotRecord> list() {
        Database db = database.get();
        try (Connection c = db.connect("ferry snapshot list")) {
            return new SnapshotCatalog(db.dialect(), db.dialect().currentSchema(c)).list(c);
        } catch (SQLException e) {
            throw FerryException.sql("Listing snapshots", e);
        }
    }

    /**
     * The copies {@code snapshotOrTable} names: every table of a snapshot id, one copy by its
     * table name, or the latest copy of a table.
     */
    public List<SnapshotRecord> resolve(String snapshotOrTable) {
        Database db = database.get();
        try (Connection c = db.connect("ferry snapshot restore")) {
            String schema = db.dialect().currentSchema(c);
            return resolve(new SnapshotCatalog(db.dialect(), schema).list(c), snapshotOrTable, schema);
        } catch (SQLException e) {
            throw FerryException.sql("Reading snapshots", e);
        }
    }

    private static List<SnapshotRecord> resolve(List<SnapshotRecord> all, String arg, String schema) {
        List<SnapshotRecord> found = all.stream().filter(r -> r.snapshotId().equals(arg)).toList();
        if (found.isEmpty()) {
            TableRef named = TableRef.parse(arg, schema);
            found = all.stream().filter(r -> r.copy().equals(named)).toList();
            if (found.isEmpty()) {
                found = all.stream().filter(r -> r.source().equals(named) && r.complete()).reduce((a, b) -> b).stream().toList();
            }
        }
        if (found.isEmpty()) {
            throw FerryException.invalidInput("'" + arg + "' is neither a snapshot id, nor a snapshot copy, nor a table with a "
                    + "complete snapshot; 'ferry snapshot list' shows them");
        }
        for (SnapshotRecord r : found) {
            if (!r.complete()) {
                throw FerryException.invalidInput("The copy " + r.copy() + " of snapshot " + r.snapshotId() + " is incomplete (it was "
                        + "interrupted while being made) and cannot be restored; 'ferry snapshot drop' removes it");
            }
        }
        return found;
    }

    private static final String RESTORE_FAILED = "Restoring snapshot %s"
            + " (nothing was changed; a table that other tables refer to can only be restored together with them)";

    /**
     * Replaces the content of each table of the snapshot with its copy, all in one transaction:
     * children emptied before parents, parents filled before children.
     */
    public RestoreResult restore(String snapshotOrTable, boolean confirmed) {
        requireConfirmation("restore snapshot '" + snapshotOrTable + "'", confirmed);
        Database db = database.get();
        Dialect d = db.dialect();
        return RunJournal.run(stateDir, "snapshot-restore", Map.of("database", db.displayUrl(), "snapshot", snapshotOrTable),
                journal -> restoreTables(journal, db, d, snapshotOrTable));
    }

    private RestoreResult restoreTables(RunJournal journal, Database db, Dialect d, String snapshotOrTable) {
        try (Connection c = db.connect("ferry snapshot restore")) {
            String schema = d.currentSchema(c);
            List<SnapshotRecord> records = resolve(new SnapshotCatalog(d, schema).list(c), snapshotOrTable, schema);
            for (SnapshotRecord r : records) {
                if (!d.tableExists(c, r.schema(), r.copyTable())) {
                    throw FerryException.invalidInput("The copy " + r.copy() + " of snapshot " + r.snapshotId() + " is gone");
                }
                if (!d.tableExists(c, r.schema(), r.table())) {
                    throw FerryException.invalidInput("Table " + r.source() + " no longer exists; create it again before restoring its snapshot");
                }
            }
            List<SnapshotRecord> ordered = parentsFirst(c, d, records);
            Map<SnapshotRecord, Long> removed = new LinkedHashMap<>();
            List<RestoreResult.Restored> restored = new ArrayList<>();
            d.tableCopies().keepExplicitKeys(c);
            Transactions.run(c, RESTORE_FAILED.formatted(snapshotOrTable), () -> {
                List<String> resumeTriggers = new ArrayList<>();
                for (SnapshotRecord r : ordered) {
                    resumeTriggers.addAll(d.tableCopies().pauseUserTriggers(c, r.source()));
                }
                try (Statement st = c.createStatement()) {
                    for (int i = ordered.size() - 1; i >= 0; i--) {
                        SnapshotRecord r = ordered.get(i);
                        removed.put(r, (long) st.executeUpdate("DELETE FROM " + r.source().quoted(d)));
                    }
                    for (SnapshotRecord r : ordered) {
                        String cols = columnList(c, d, r.source(), r.copy());
                        long n = st.executeUpdate(d.tableCopies().insertSelect(r.source().quoted(d), cols, "SELECT " + cols + " FROM " + r.copy().quoted(d)));
                        restored.add(new RestoreResult.Restored(r.source().toString(), r.copyTable(), r.snapshotId(), removed.get(r), n));
                    }
                    for (SnapshotRecord r : ordered) {
                        requireSameContent(c, d, r);
                    }
                    for (String sql : resumeTriggers) {
                        st.execute(sql);
                    }
                }
            });
            RestoreResult result = new RestoreResult(journal.runId(), db.displayUrl(), restored);
            for (RestoreResult.Restored r : restored) {
                journal.event("table_restored", Map.of("table", r.table(), "copy", r.copyTable(), "rows_removed", r.rowsRemoved(),
                        "rows_restored", r.rowsRestored()));
            }
            journal.report(result);
            return result;
        } catch (SQLException e) {
            throw FerryException.sql(RESTORE_FAILED.formatted(snapshotOrTable), e);
        }
    }

    private static List<SnapshotRecord> parentsFirst(Connection c, Dialect d, List<SnapshotRecord> records) throws SQLException {
        Map<String, SnapshotRecord> byTable = new LinkedHashMap<>();
        records.forEach(r -> byTable.put(r.source().toString(), r));
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        records.forEach(r -> parents.put(r.source().toString(), new LinkedHashSet<>()));
        Set<String> schemas = new LinkedHashSet<>();
        records.forEach(r -> schemas.add(r.schema()));
        for (String schema : schemas) {
            for (var fk : d.foreignKeys(c, schema)) {
                String child = schema + "." + fk.table();
                String parent = schema + "." + fk.refTable();
                if (parents.containsKey(child) && parents.containsKey(parent) && !child.equals(parent)) {
                    parents.get(child).add(parent);
                }
            }
        }
        return dev.ferry.db.ParentsFirst.order(parents).stream().map(byTable::get).toList();
    }

    /** Drops the snapshot copies made before {@code now - olderThan}, with their records. */
    public DropResult drop(Duration olderThan, boolean dryRun, boolean confirmed) {
        if (!dryRun) {
            requireConfirmation("drop snapshots", confirmed);
        }
        Database db = database.get();
        Dialect d = db.dialect();
        String age = olderThan.toString();
        Instant cutoff = Instant.now().minus(olderThan);
        try (Connection c = db.connect("ferry snapshot drop")) {
            SnapshotCatalog catalog = new SnapshotCatalog(d, d.currentSchema(c));
            List<SnapshotRecord> old = catalog.list(c).stream().filter(r -> r.createdAt().isBefore(cutoff)).toList();
            if (dryRun) {
                return new DropResult(null, age, true, old);
            }
            return RunJournal.run(stateDir, "snapshot-drop", Map.of("database", db.displayUrl(), "older_than", age), journal -> {
                dropCopies(c, catalog, old, journal);
                DropResult result = new DropResult(journal.runId(), age, false, old);
                journal.report(result);
                return result;
            });
        } catch (SQLException e) {
            throw FerryException.sql("Dropping snapshots", e);
        }
    }

    /**
     * Drops the given copies with their records as part of a caller's journaled run (a retention
     * prune, which has checked the confirmation itself).
     */
    public void drop(List<SnapshotRecord> copies, RunJournal journal) {
        Database db = database.get();
        try (Connection c = db.connect("ferry prune")) {
            dropCopies(c, new SnapshotCatalog(db.dialect(), db.dialect().currentSchema(c)), copies, journal);
        } catch (SQLException e) {
            throw FerryException.sql("Dropping snapshots", e);
        }
    }

    private void dropCopies(Connection c, SnapshotCatalog catalog, List<SnapshotRecord> copies, RunJournal journal) {
        Dialect d = catalog.dialect();
        try (Statement st = c.createStatement()) {
            for (SnapshotRecord r : copies) {
                st.execute("DROP TABLE IF EXISTS " + r.copy().quoted(d));
                catalog.delete(c, r);
                journal.event("copy_dropped", Map.of("snapshot", r.snapshotId(), "copy", r.copy().toString()));
            }
        } catch (SQLException e) {
            throw FerryException.sql("Dropping snapshots", e);
        }
    }

    private void requireConfirmation(String action, boolean confirmed) {
        if (protectedEnvironment && !confirmed) {
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "Refusing to " + action + " on '" + environment
                    + "' without --confirm: it is marked protected in ferry.yaml");
        }
    }

    public boolean protectedEnvironment() {
        return protectedEnvironment;
    }
}
