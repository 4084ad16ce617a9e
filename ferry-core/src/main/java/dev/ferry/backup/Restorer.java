package dev.ferry.backup;

import dev.ferry.FerryException;
import dev.ferry.db.Catalogs;
import dev.ferry.db.Database;
import dev.ferry.db.DeferrableObject;
import dev.ferry.db.Dialect;
import dev.ferry.db.ForeignKey;
import dev.ferry.db.TableRef;
import dev.ferry.run.RunJournal;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Loads tables from an archive into a database, checking the archive as it reads it (every block,
 * each table's SHA-256 and row count, then the tables it does not load) and committing only once
 * all of it is checked and every loaded table holds exactly the archived rows. PostgreSQL, when
 * every table is new (a drill into an empty environment): several connections load the tables
 * side by side and commit together only after every check passed ({@link ParallelLoad}).
 * PostgreSQL otherwise: everything in one transaction; the foreign keys and secondary indexes touching the restored
 * tables are dropped, the tables truncated and loaded with COPY, and the indexes and keys added
 * back (which checks every reference). MariaDB: missing tables are created first (DDL commits there), then one transaction
 * with foreign-key checks off for the session deletes and inserts.
 */
final class Restorer {
    private final Database db;
    private final Dialect dialect;
    private final ArchiveReader archive;
    private List<String> createdObjects = List.of();
    private CompletableFuture<Boolean> fileChecksum;

    /** One archived table and where it goes. */
    record Target(BackupManifest.Table source, TableRef table, boolean exists, Long rowsBefore) {
    }

    Restorer(Database db, ArchiveReader archive) {
        this.db = db;
        this.dialect = db.dialect();
        this.archive = archive;
    }

    /**
     * Starts reading the whole file for the SHA-256 in its footer on a thread of its own, so that
     * this pass over the bytes runs beside the load instead of before it. Nothing is at risk
     * meanwhile: the load checks every block it decodes, and {@link #requireRestOfArchiveIntact},
     * which every restore passes before it commits, waits for the answer.
     */
    void checkFileChecksumAlongside() {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                result.complete(archive.fileChecksumMatches());
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "ferry-restore-file-check");
        reader.setDaemon(true); // a restore that failed meanwhile does not wait for it
        reader.start();
        fileChecksum = result;
    }

    /** Where each table goes: an archive of one schema lands in {@code home}, others keep their schema names. */
    List<Target> plan(List<BackupManifest.Table> tables, String home) {
        boolean oneSchema = tables.stream().map(BackupManifest.Table::schema).distinct().count() <= 1
                && archive.manifest().tables().stream().map(BackupManifest.Table::schema).distinct().count() <= 1;
        List<Target> out = new ArrayList<>();
        try (Connection c = db.connect("ferry restore")) {
            for (BackupManifest.Table t : tables) {
                TableRef ref = new TableRef(oneSchema ? home : t.schema(), t.table());
                boolean exists = dialect.tableExists(c, ref.schema(), ref.table());
                if (exists && !dialect.tableCopies().canPauseUserTriggers()) {
                    dialect.tableCopies().pauseUserTriggers(c, ref); // refuses a table with triggers before the safety backup is taken
                }
                Long before = exists ? Catalogs.count(c, "SELECT COUNT(*) FROM " + ref.quoted(dialect)) : null;
                out.add(new Target(t, ref, exists, before));
            }
        } catch (SQLException e) {
            throw FerryException.sql("Reading the tables to restore in " + db.displayUrl(), e);
        }
        return out;
    }

    /**
     * Restores the targets. Where every table is new and the database is PostgreSQL, with more than
     * one connection allowed, the tables are loaded side by side ({@link ParallelLoad}); otherwise
     * everything happens in one transaction on one connection.
     *
     * @param connections how many connections may load tables at once
     */
    List<RestoreResult.TableRestore> restore(List<Target> targets, RunJournal journal, int connections) {
        ArchivedObjects objects = objects(targets);
        if (ParallelLoad.fits(dialect, targets, connections, objects)) {
            List<RestoreResult.TableRestore> out = new ParallelLoad(this, db, archive, objects, connections).restore(targets, journal);
            createdObjects = objects.created();
            return out;
        }
        try (Connection c = db.connect("ferry restore " + journal.runId())) {
            Created created = new Created();
            try {
                List<String> schemas = targets.stream().map(t -> t.table().schema()).distinct().toList();
                boolean suspend = dialect.archive().canSuspendForeignKeyChecks();
                if (suspend) {
                    dialect.archive().foreignKeyChecks(c, false);
                }
                c.setAutoCommit(false); // hand-written: one catch handles the statements before it, archive errors and SQL errors
                createSchemas(c, schemas, created);
                dialect.archive().restoreSessionSettings(c, archive.manifest().session());
                List<String> resumeTriggers = new ArrayList<>();
                for (Target t : targets) {
                    if (t.exists()) {
                        resumeTriggers.addAll(dialect.tableCopies().pauseUserTriggers(c, t.table()));
                    }
                }
                objects.createBeforeTables(c, journal);
                if (suspend) {
                    createMissing(c, targets, created, journal); // DDL commits at once on MariaDB; the load's transaction starts after it
                }
                List<DeferrableObject> dropped = new ArrayList<>();
                List<TableRef> owners = new ArrayList<>();
                if (!suspend) {
                    createMissing(c, targets, created, journal);
                    collectDeferrable(c, targets, schemas, dropped, owners);
                    try (Statement st = c.createStatement()) {
                        for (DeferrableObject o : dropped) {
                            if (!o.isIndex()) {
                                st.execute(o.dropSql());
                            }
                        }
                        for (DeferrableObject o : dropped) {
                            if (o.isIndex()) {
                                st.execute(o.dropSql());
                            }
                        }
                    }
                }
                List<Target> trails = targets.stream().filter(Restorer::isAuditTrail).toList();
                empty(c, targets.stream().filter(t -> !trails.contains(t)).toList());
                List<RestoreResult.TableRestore> out = new ArrayList<>();
                Map<Target, LoadedContent> loaded = new LinkedHashMap<>();
                boolean serverHashes = dialect.archive().hashesRows(c);
                long seed = new SecureRandom().nextLong();
                for (Target t : loadOrder(targets, trails)) {
                    if (trails.contains(t)) {
                        // The audit triggers recorded this restore's own writes above; the trail comes back as archived.
                        empty(c, List.of(t));
                    }
                    long rows;
                    LoadedContent content = LoadedContent.of(c, dialect, t.table(), t.source().columns(), serverHashes, seed);
                    loaded.put(t, content);
                    // The archive is checked as it loads: each block as it is decoded, the table's SHA-256 at its end.
                    try (InputStream in = content.watch(archive.table(t.source()))) {
                        rows = dialect.archive().copyIn(c, t.table(), t.source().columns(), in);
                    }
                    if (content.lines() != t.source().rows()) {
                        throw failedCheck(t.source().qualifiedName() + ": " + content.lines() + " rows where the manifest says " + t.source().rows());
                    }
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("table", t.table().toString());
                    fields.put("rows", rows);
                    journal.event("table_restored", fields);
                    out.add(new RestoreResult.TableRestore(t.table().toString(), t.exists() ? "replace" : "create", t.rowsBefore(), rows));
                }
                try (Statement st = c.createStatement()) {
                    for (Target t : targets) {
                        if (!t.exists()) {
                            for (String sql : t.source().indexes()) {
                                st.execute(sql);
                            }
                        }
                    }
                    for (DeferrableObject o : dropped) {
                        if (o.isIndex()) {
                            st.execute(o.createSql());
                        }
                    }
                    for (DeferrableObject o : dropped) {
                        if (!o.isIndex()) {
                            st.execute(o.createSql());
                        }
                    }
                    for (Target t : targets) {
                        if (!t.exists()) {
                            for (String sql : t.source().foreignKeys()) {
                                st.execute(sql);
                            }
                        }
                    }
                }
                requireRestOfArchiveIntact(targets);
                requireReferencesHold(c, targets);
                for (Target t : targets) {
                    dialect.archive().resetSequences(c, t.table());
                    loaded.get(t).requireIn(c, dialect, t.table(), t.source());
                }
                if (dialect.archive().transactionalDdl()) {
                    objects.createAfterData(c, journal);
                }
                try (Statement st = c.createStatement()) {
                    for (String sql : resumeTriggers) {
                        st.execute(sql);
                    }
                }
                c.commit();
                if (suspend) {
                    dialect.archive().foreignKeyChecks(c, true);
                }
                if (!dialect.archive().transactionalDdl()) {
                    try {
                        objects.createAfterData(c, journal); // triggers only once the rows are in, as DDL would commit the load
                        c.commit();
                    } catch (SQLException e) {
                        // The handler below drops what this restore created, objects and tables alike.
                        throw FerryException.sql("The rows were restored into " + db.displayUrl() + " and committed, but creating the archive's"
                                + " routines, views and triggers failed; those created were dropped again, and so were the tables this"
                                + " restore created (rows loaded into tables that existed before stay)", e);
                    }
                }
                createdObjects = objects.created();
                return out;
            } catch (SQLException | IOException | RuntimeException e) {
                rollback(c);
                objects.dropCreated(c);
                String left = dialect.archive().transactionalDdl() ? "" : dropCreated(c, created); // a rollback removed them already where DDL is transactional
                throw failure(e, left);
            }
        } catch (SQLException e) {
            throw FerryException.sql("Restoring into " + db.displayUrl(), e);
        }
    }

    /**
     * The exception a failed restore ends with, saying what failed and that nothing was restored;
     * {@code left} ends the message when some of what the restore created could not be dropped.
     */
    RuntimeException failure(Exception e, String left) {
        if (e instanceof ArchiveReader.Damaged d) {
            return new FerryException(d.code(), failedCheck(d.reason).getMessage() + left, d);
        }
        if (e instanceof ArchiveReader.ChecksumMismatch m) {
            return new FerryException(dev.ferry.ErrorCode.VALIDATION_FAILED, archive.file().getFileName() + " failed verification, so"
                    + " nothing was restored (the load was rolled back): " + m.getMessage() + left);
        }
        if (e instanceof SQLException se) {
            return FerryException.sql("Restoring into " + db.displayUrl() + (left.isEmpty() ? " (rolled back, nothing changed)"
                    : " (rolled back" + left + ")"), se);
        }
        if (e instanceof IOException ie) {
            return FerryException.failure("Restoring into " + db.displayUrl() + " failed and was rolled back: " + ie.getMessage() + left, ie);
        }
        if (!left.isEmpty() && e instanceof FerryException fe) {
            return new FerryException(fe.code(), fe.getMessage() + left, fe);
        }
        return (RuntimeException) e;
    }

    /** The schema objects besides tables the last {@link #restore} created, as {@code kind schema.name}. */
    List<String> createdObjects() {
        return createdObjects;
    }

    /** The archive's other objects, to be created in the schemas the tables land in. */
    private ArchivedObjects objects(List<Target> targets) {
        Map<String, String> schemas = new LinkedHashMap<>();
        targets.forEach(t -> schemas.putIfAbsent(t.source().schema(), t.table().schema()));
        Set<String> restored = new LinkedHashSet<>();
        targets.forEach(t -> restored.add(t.table().schema() + "." + t.table().table()));
        return new ArchivedObjects(dialect, archive.manifest().objects(), schemas, restored,
                targets.size() == archive.manifest().tables().size());
    }

    /**
     * The archive's tables this restore does not load are decoded and checked too before anything
     * commits, so a restore of some tables vouches for the whole archive as {@code verify} would.
     */
    void requireRestOfArchiveIntact(List<Target> targets) {
        requireFileChecksum();
        Set<String> loaded = new LinkedHashSet<>();
        targets.forEach(t -> loaded.add(t.source().qualifiedName()));
        List<BackupManifest.Table> rest = archive.manifest().tables().stream().filter(t -> !loaded.contains(t.qualifiedName())).toList();
        List<String> problems = ArchiveVerifier.checkTables(archive, rest).stream().filter(t -> t.status() != ArchiveCheck.Status.OK)
                .map(t -> t.table() + ": " + t.detail()).toList();
        if (!problems.isEmpty()) {
            throw failedCheck(String.join("; ", problems));
        }
    }

    private void requireFileChecksum() {
        if (fileChecksum == null) {
            return;
        }
        boolean matches;
        try {
            matches = fileChecksum.get();
        } catch (ExecutionException e) {
            throw ArchiveReader.damaged(archive.file(), e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failedCheck("interrupted while the file's SHA-256 was being checked");
        }
        if (!matches) {
            throw failedCheck("the archive's SHA-256 differs from the one recorded when it was written: some byte changed");
        }
    }

    FerryException failedCheck(String problem) {
        return new FerryException(dev.ferry.ErrorCode.FAILURE, archive.file().getFileName() + " failed verification, so nothing was restored"
                + " (the load was rolled back): " + problem);
    }

    /**
     * Where the load ran with foreign-key checks off (MariaDB), checks every foreign key from or to
     * the restored tables as re-adding it would: a restore of some tables cannot leave rows that
     * refer to rows no longer there.
     */
    private void requireReferencesHold(Connection c, List<Target> targets) throws SQLException {
        List<TableRef> tables = targets.stream().map(Target::table).toList();
        for (Map.Entry<String, String> key : dialect.archive().danglingReferenceQueries(c, tables).entrySet()) {
            long dangling = Catalogs.count(c, key.getValue());
            if (dangling > 0) {
                throw new FerryException(dev.ferry.ErrorCode.VALIDATION_FAILED, "After loading, " + dangling + " row(s) break the foreign key "
                        + key.getKey() + ": they refer to rows that are not there; the restore was rolled back. Restore the tables "
                        + "the key joins together (or the whole archive)");
            }
        }
    }

    /** What a restore created, so that where DDL commits at once (MariaDB) a failed restore can drop it again. */
    record Created(List<String> schemas, List<TableRef> tables) {
        Created() {
            this(new ArrayList<>(), new ArrayList<>());
        }
    }

    /** The audit trail the protection triggers write into: restored after every other table, so it ends as archived. */
    private static boolean isAuditTrail(Target t) {
        return t.table().table().equalsIgnoreCase(dev.ferry.db.ProtectionSql.AUDIT_TABLE);
    }

    private static List<Target> loadOrder(List<Target> targets, List<Target> last) {
        List<Target> out = new ArrayList<>(targets.stream().filter(t -> !last.contains(t)).toList());
        out.addAll(last);
        return out;
    }

    private void empty(Connection c, List<Target> targets) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : dialect.archive().emptyTables(c, targets.stream().filter(Target::exists).map(Target::table).toList())) {
                st.execute(sql);
            }
        }
    }

    /**
     * Drops the tables and schemas a failed restore created (their DDL committed at once), with
     * foreign-key checks off so the order does not matter. Returns what could not be dropped, as
     * the end of the failure's message, or "" when nothing is left behind.
     */
    private String dropCreated(Connection c, Created created) {
        List<String> left = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            dialect.archive().foreignKeyChecks(c, false);
            for (TableRef t : created.tables()) {
                try {
                    st.execute("DROP TABLE IF EXISTS " + t.quoted(dialect));
                } catch (SQLException e) {
                    left.add(t + " (" + e.getMessage() + ")");
                }
            }
            for (String schema : created.schemas()) {
                if (!left.isEmpty()) {
                    break;
                }
                st.execute(dialect.archive().dropSchema(schema));
            }
        } catch (SQLException e) {
            left.add("(" + e.getMessage() + ")");
        }
        return left.isEmpty() ? "" : "; the tables it created could not all be dropped, drop them before trying again: " + String.join(", ", left);
    }

    /** Creates the schemas the target lacks, recording them, and puts them on the search path. */
    void createSchemas(Connection c, List<String> schemas, Created created) throws SQLException {
        for (String s : schemas) {
            if (!Catalogs.schemaExists(c, s)) {
                dialect.createSchemaIfMissing(c, s);
                created.schemas().add(s);
            }
        }
        dialect.useSchemas(c, schemas);
    }

    void createMissing(Connection c, List<Target> targets, Created created, RunJournal journal) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (Target t : targets) {
                if (!t.exists()) {
                    dialect.useSchemas(c, List.of(t.table().schema()));
                    created.tables().add(t.table()); // before its DDL: a statement after CREATE TABLE may be the one that fails
                    for (String sql : t.source().create()) {
                        st.execute(sql);
                    }
                    journal.event("table_created", Map.of("table", t.table().toString()));
                }
            }
        }
        dialect.useSchemas(c, targets.stream().map(t -> t.table().schema()).distinct().toList());
    }

    /** Secondary indexes and foreign keys of the restored tables, and foreign keys of other tables that point at them. */
    private void collectDeferrable(Connection c, List<Target> targets, List<String> schemas, List<DeferrableObject> out,
                                   List<TableRef> owners) throws SQLException {
        Set<String> restored = new LinkedHashSet<>();
        for (Target t : targets) {
            restored.add(t.table().toString());
        }
        for (Target t : targets) {
            if (t.exists()) {
                boolean partitioned = dialect.archive().isPartitioned(c, t.table());
                out.addAll(dialect.transfer().deferrableObjects(c, t.table()).stream().filter(o -> !(partitioned && o.isIndex())).toList());
                owners.add(t.table());
            }
        }
        for (String schema : schemas) {
            Map<String, Set<String>> referencing = new LinkedHashMap<>();
            for (ForeignKey fk : dialect.foreignKeys(c, schema)) {
                if (restored.contains(schema + "." + fk.refTable()) && !restored.contains(schema + "." + fk.table())) {
                    referencing.computeIfAbsent(fk.table(), k -> new LinkedHashSet<>()).add(fk.name());
                }
            }
            for (Map.Entry<String, Set<String>> e : referencing.entrySet()) {
                TableRef child = new TableRef(schema, e.getKey());
                for (DeferrableObject o : dialect.transfer().deferrableObjects(c, child)) {
                    if (!o.isIndex() && e.getValue().contains(o.name())) {
                        out.add(o);
                        owners.add(child);
                    }
                }
            }
        }
    }

    private static void rollback(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // The connection is closed next, which rolls back as well.
        }
    }
}
