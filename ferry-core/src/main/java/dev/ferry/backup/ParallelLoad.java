package dev.ferry.backup;

import dev.ferry.FerryException;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import dev.ferry.run.RunJournal;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A PostgreSQL restore whose tables are all new (a drill into an empty environment), loaded by
 * several connections at once, as {@code pg_restore -j} does, and still committed only after the
 * whole archive and every loaded table have been checked.
 *
 * <p>A transaction belongs to one connection and another connection does not see its uncommitted
 * tables, so the load runs in three steps:
 * <ol>
 *   <li>One transaction creates the schemas, the types, sequences and routines the tables need and
 *       the bare tables, and commits: empty tables are all another session can see until step 3.</li>
 *   <li>Each connection opens its own transaction and takes the largest table not yet taken:
 *       {@code TRUNCATE} (so {@code COPY ... FREEZE} may write frozen rows), {@code COPY} from the
 *       archive, checked block by block and against the table's SHA-256 and row count as it
 *       streams, then the table's keys and indexes, its sequences, and the server-side comparison
 *       of its rows with the archive's ({@link LoadedContent}). It keeps its transaction open and
 *       takes the next table. When every table is loaded and checked and the archive's other
 *       tables have been decoded and checked too, the connections commit one after another.</li>
 *   <li>One transaction adds the foreign keys unchecked and commits (they need every table's rows
 *       committed, as each was loaded by another transaction); then the connections check them
 *       against the rows, one table's keys each at a time, side by side as {@code pg_restore -j}
 *       adds them; then one transaction creates views, triggers, sequence positions and comments,
 *       and commits.</li>
 * </ol>
 * A failure before the commits of step 2 (a damaged block, a table that differs from the
 * archive, an index that cannot be built) rolls back every connection; a failure in step 3 (a
 * reference that does not hold) stops it. In both cases what step 1 committed (and, after step
 * 2, the rows) is dropped again: the tables, the objects the restore created and the schemas it
 * created, so the environment is as it was. A crash (the process killed, the connection lost)
 * between step 1 and the end leaves the created tables and objects behind: empty, unless it falls
 * between the commits of step 2, or after them with all rows but without their foreign keys or
 * with keys not yet checked. A re-run then finds the tables and restores into them as a restore
 * in place does, in one transaction (refused without {@code --force} when the archive records a
 * schema version), keeping the foreign keys as it finds them (a key left unchecked stays so);
 * dropping the environment's tables first gives a fresh drill again.
 */
final class ParallelLoad {
    private final Restorer restorer;
    private final Database db;
    private final Dialect dialect;
    private final ArchiveReader archive;
    private final ArchivedObjects objects;
    private final int connections;

    ParallelLoad(Restorer restorer, Database db, ArchiveReader archive, ArchivedObjects objects, int connections) {
        this.restorer = restorer;
        this.db = db;
        this.dialect = db.dialect();
        this.archive = archive;
        this.objects = objects;
        this.connections = connections;
    }

    /**
     * Whether the restore can load in parallel and keep its guarantees: PostgreSQL (DDL in
     * transactions, foreign keys that cannot be switched off), more than one connection and more
     * than one table, every table new (replacing rows in place needs one transaction to stay
     * all-or-nothing), and no extension among the archived objects (see {@link ArchivedObjects#carriesExtensions}).
     */
    static boolean fits(Dialect dialect, List<Restorer.Target> targets, int connections, ArchivedObjects objects) {
        return connections > 1 && targets.size() > 1 && dialect.archive().transactionalDdl()
                && !dialect.archive().canSuspendForeignKeyChecks() && targets.stream().noneMatch(Restorer.Target::exists)
                && !objects.carriesExtensions();
    }

    List<RestoreResult.TableRestore> restore(List<Restorer.Target> targets, RunJournal journal) {
        List<String> schemas = targets.stream().map(t -> t.table().schema()).distinct().toList();
        Restorer.Created created = new Restorer.Created();
        try (Connection c = db.connect("ferry restore " + journal.runId())) {
            boolean rowsCommitted = false;
            try {
                c.setAutoCommit(false); // hand-written: the schema commits once, before the loading connections start
                restorer.createSchemas(c, schemas, created);
                dialect.archive().restoreSessionSettings(c, archive.manifest().session());
                objects.createBeforeTables(c, journal);
                restorer.createMissing(c, targets, created, journal);
                c.commit();
                List<RestoreResult.TableRestore> out = load(targets, schemas, journal);
                rowsCommitted = true;
                addForeignKeys(c, targets, schemas, journal);
                dialect.useSchemas(c, schemas);
                objects.createAfterData(c, journal);
                c.commit();
                return out;
            } catch (SQLException | IOException | RuntimeException e) {
                rollback(c);
                String left = dropCreated(c, created);
                if (rowsCommitted) {
                    throw FerryException.failure("The tables were loaded from " + archive.file().getFileName() + " and checked, but adding"
                            + " the foreign keys or creating the views, triggers and comments afterwards failed, so the tables, their rows"
                            + " and the objects this restore created were dropped again" + (left.isEmpty() ? " (nothing changed)" : left)
                            + ": " + e.getMessage(), e);
                }
                throw restorer.failure(e, left);
            }
        } catch (SQLException e) {
            throw FerryException.sql("Restoring into " + db.displayUrl(), e);
        }
    }

    /**
     * Step 2: the connections load and check the tables, largest first, each in its own open
     * transaction; then, once every table and the rest of the archive have been checked, they
     * commit. Any failure rolls all of them back and is thrown.
     */
    private List<RestoreResult.TableRestore> load(List<Restorer.Target> targets, List<String> schemas, RunJournal journal)
            throws SQLException, IOException {
        Queue<Restorer.Target> todo = new ConcurrentLinkedQueue<>(targets.stream()
                .sorted(Comparator.comparingLong((Restorer.Target t) -> t.source().rows()).reversed()).toList());
        Map<Restorer.Target, RestoreResult.TableRestore> done = new ConcurrentHashMap<>();
        List<Connection> open = java.util.Collections.synchronizedList(new ArrayList<>());
        long seed = new SecureRandom().nextLong();
        try {
            onConnections(Math.min(connections, targets.size()), "ferry-restore-load", failed -> {
                Connection c = db.connect("ferry restore " + journal.runId());
                open.add(c);
                c.setAutoCommit(false); // hand-written: each connection's tables stay uncommitted until every check passed
                dialect.archive().restoreSessionSettings(c, archive.manifest().session());
                boolean serverHashes = dialect.archive().hashesRows(c);
                for (Restorer.Target t = todo.poll(); t != null && !failed.get(); t = todo.poll()) {
                    done.put(t, loadOne(c, t, schemas, serverHashes, seed, journal));
                }
            });
            restorer.requireRestOfArchiveIntact(targets);
            for (Connection c : open) {
                c.commit();
            }
            return targets.stream().map(done::get).toList();
        } finally {
            for (Connection c : open) {
                rollback(c);
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // Closing rolls back whatever was left open.
                }
            }
        }
    }

    /**
     * Step 3's foreign keys. Added one by one, each key's check would run after the other's, on one
     * connection; so where the database allows it they are added unchecked and committed, then
     * checked table by table on connections of their own, largest table first. A key that
     * does not hold fails the restore as adding it would have. Keys the database cannot add
     * unchecked (MariaDB's, a partitioned table's) are added, and so checked, as they are.
     */
    private void addForeignKeys(Connection c, List<Restorer.Target> targets, List<String> schemas, RunJournal journal)
            throws SQLException, IOException {
        List<TableRef> tables = targets.stream().map(Restorer.Target::table).toList();
        Map<Restorer.Target, List<String>> asTheyAre = new java.util.LinkedHashMap<>();
        Map<Restorer.Target, List<String>> uncheckedNow = new java.util.LinkedHashMap<>();
        for (Restorer.Target t : targets) {
            for (String sql : t.source().foreignKeys()) {
                String unchecked = dialect.archive().addForeignKeyUnchecked(c, t.table(), sql);
                if (unchecked == null || unchecked.equals(sql)) {
                    asTheyAre.computeIfAbsent(t, x -> new ArrayList<>()).add(sql);
                } else {
                    uncheckedNow.computeIfAbsent(t, x -> new ArrayList<>()).add(unchecked);
                }
            }
        }
        // First the keys added as they are (among them those the archive's source held unchecked, which stay so), then the others.
        addForeignKeys(c, asTheyAre, schemas);
        Map<TableRef, List<String>> keptUnchecked = uncheckedNow.isEmpty() ? Map.of() : dialect.archive().uncheckedForeignKeys(c, tables);
        addForeignKeys(c, uncheckedNow, schemas);
        c.commit();
        if (uncheckedNow.isEmpty()) {
            return;
        }
        Map<TableRef, List<String>> checks = new java.util.LinkedHashMap<>(dialect.archive().uncheckedForeignKeys(c, tables));
        keptUnchecked.forEach((table, kept) -> checks.computeIfPresent(table, (x, all) -> {
            List<String> left = new ArrayList<>(all);
            left.removeAll(kept);
            return left.isEmpty() ? null : left;
        }));
        Map<TableRef, Long> rows = new java.util.HashMap<>();
        targets.forEach(t -> rows.put(t.table(), t.source().rows()));
        Queue<Map.Entry<TableRef, List<String>>> todo = new ConcurrentLinkedQueue<>(checks.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<TableRef, List<String>> e) -> rows.getOrDefault(e.getKey(), 0L)).reversed()).toList());
        if (todo.isEmpty()) {
            return;
        }
        onConnections(Math.min(connections, todo.size()), "ferry-restore-references", failed -> {
            try (Connection check = db.connect("ferry restore " + journal.runId())) {
                try (Statement st = check.createStatement()) {
                    for (Map.Entry<TableRef, List<String>> e = todo.poll(); e != null && !failed.get(); e = todo.poll()) {
                        for (String sql : e.getValue()) {
                            st.execute(sql);
                        }
                        journal.event("references_checked", Map.of("table", e.getKey().toString(), "foreign_keys", e.getValue().size()));
                    }
                }
            }
        });
    }

    private void addForeignKeys(Connection c, Map<Restorer.Target, List<String>> keys, List<String> schemas) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (Map.Entry<Restorer.Target, List<String>> e : keys.entrySet()) {
                dialect.useSchemas(c, searchPath(e.getKey(), schemas));
                for (String sql : e.getValue()) {
                    st.execute(sql);
                }
            }
        }
    }

    /** Work for one connection; {@code failed} turns true as soon as another connection's work failed. */
    private interface ConnectionWork {
        void run(AtomicBoolean failed) throws Exception;
    }

    /**
     * Runs {@code work} on {@code n} threads at once and waits for all of them; the first failure
     * is thrown once all have stopped (the others stop at their next table).
     */
    private static void onConnections(int n, String threadName, ConnectionWork work) throws SQLException, IOException {
        AtomicBoolean failed = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, n), r -> {
            Thread th = new Thread(r, threadName);
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<Void>> workers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                workers.add(pool.submit(() -> {
                    try {
                        work.run(failed);
                        return null;
                    } catch (Exception e) {
                        failed.set(true);
                        throw e;
                    }
                }));
            }
            Exception first = null;
            for (Future<Void> f : workers) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    first = first == null ? (Exception) e.getCause() : first;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.set(true);
                    first = first == null ? new IOException("interrupted while the tables were restored") : first;
                }
            }
            if (first instanceof SQLException se) {
                throw se;
            }
            if (first instanceof IOException ie) {
                throw ie;
            }
            if (first != null) {
                throw (RuntimeException) first;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One table, in connection {@code c}'s transaction: emptied, loaded while the archive is checked, indexed and compared. */
    private RestoreResult.TableRestore loadOne(Connection c, Restorer.Target t, List<String> schemas, boolean serverHashes, long seed,
                                               RunJournal journal) throws SQLException, IOException {
        dialect.useSchemas(c, searchPath(t, schemas));
        try (Statement st = c.createStatement()) {
            for (String sql : dialect.archive().emptyTables(c, List.of(t.table()))) {
                st.execute(sql); // an empty table, truncated in this transaction, so COPY may freeze its rows
            }
        }
        LoadedContent content = LoadedContent.of(c, dialect, t.table(), t.source().columns(), serverHashes, seed);
        long rows;
        try (InputStream in = content.watch(archive.table(t.source()))) {
            rows = dialect.archive().copyIn(c, t.table(), t.source().columns(), in);
        }
        if (content.lines() != t.source().rows()) {
            throw restorer.failedCheck(t.source().qualifiedName() + ": " + content.lines() + " rows where the manifest says " + t.source().rows());
        }
        try (Statement st = c.createStatement()) {
            for (String sql : t.source().indexes()) {
                st.execute(sql);
            }
        }
        dialect.archive().resetSequences(c, t.table());
        content.requireIn(c, dialect, t.table(), t.source());
        journal.event("table_restored", Map.of("table", t.table().toString(), "rows", rows));
        return new RestoreResult.TableRestore(t.table().toString(), "create", null, rows);
    }

    /** The table's own schema first: its statements name it and its types without a schema. */
    private static List<String> searchPath(Restorer.Target t, List<String> schemas) {
        List<String> out = new ArrayList<>(List.of(t.table().schema()));
        schemas.stream().filter(s -> !s.equals(t.table().schema())).forEach(out::add);
        return out;
    }

    /**
     * Drops what the first step committed: the created tables (with their rows, when they were
     * committed), the objects the restore created, then the schemas it created. Returns what could
     * not be dropped, as the end of the failure's message, or "" when nothing is left behind.
     */
    private String dropCreated(Connection c, Restorer.Created created) {
        List<String> left = new ArrayList<>();
        try {
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                for (TableRef t : created.tables()) {
                    try {
                        st.execute("DROP TABLE IF EXISTS " + t.quoted(dialect) + " CASCADE");
                    } catch (SQLException e) {
                        left.add(t + " (" + e.getMessage() + ")");
                    }
                }
                objects.dropCommitted(c);
                for (String schema : created.schemas()) {
                    try {
                        st.execute(dialect.archive().dropSchema(schema));
                    } catch (SQLException e) {
                        left.add("schema " + schema + " (" + e.getMessage() + ")");
                    }
                }
            }
        } catch (SQLException e) {
            left.add("(" + e.getMessage() + ")");
        }
        return left.isEmpty() ? "" : "; what it created could not all be dropped, drop it before trying again: " + String.join(", ", left);
    }

    private static void rollback(Connection c) {
        try {
            if (!c.isClosed() && !c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // The connection is closed next, which rolls back as well.
        }
    }
}
