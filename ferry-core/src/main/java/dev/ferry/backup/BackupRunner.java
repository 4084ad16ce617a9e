package dev.ferry.backup;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.FerryVersion;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.ObjectDefinitions;
import dev.ferry.db.TableDefinition;
import dev.ferry.db.TableRef;
import dev.ferry.migration.SchemaHistory;
import dev.ferry.run.RunJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes one consistent backup. A coordinator connection opens the snapshot and reads the catalog
 * in it; on PostgreSQL further connections join the same snapshot and dump tables in parallel,
 * on MariaDB the coordinator dumps every table inside its own consistent-snapshot transaction.
 */
final class BackupRunner {
    private final EnvironmentSettings settings;
    private final Database db;
    private final Dialect dialect;

    BackupRunner(EnvironmentSettings settings, Database db) {
        this.settings = settings;
        this.db = db;
        this.dialect = db.dialect();
    }

    BackupResult run(BackupOptions options, RunJournal journal) {
        long started = System.nanoTime();
        Path dir = BackupNames.directory(settings, options.outDir());
        Path target = BackupNames.next(dir, settings.name(), options.tables().isEmpty() ? "" : BackupNames.SOME_TABLES);
        try (Connection c = db.connect("ferry backup " + journal.runId())) {
            String snapshot = dialect.archive().beginSnapshot(c);
            String home = settings.schemas().isEmpty() ? dialect.currentSchema(c) : settings.schemas().get(0);
            SchemaHistory history = new SchemaHistory(c, dialect, home, settings.historyTable());
            String schemaVersion = history.exists() ? history.currentVersion() : null;
            List<TableRef> tables = chooseTables(c, options, home);
            List<BackupManifest.Table> described = describe(c, tables);
            ObjectDefinitions objects = describeObjects(c, tables, options.tables().isEmpty());
            String serverVersion = c.getMetaData().getDatabaseProductVersion();
            Map<String, String> session = dialect.archive().sessionSettings(c);
            journal.event("backup_started", Map.of("archive", target.toString(), "tables", tables.size()));
            try (ArchiveWriter writer = ArchiveWriter.create(target, options.passphrase())) {
                List<BackupManifest.Table> dumped = dump(c, snapshot, described, writer, options.parallelism(), journal);
                BackupManifest manifest = new BackupManifest(ArchiveFormat.FORMAT_VERSION, FerryVersion.version(), settings.name(),
                        Instant.now(), dialect.name(), db.displayUrl(), serverVersion, schemaVersion, options.passphrase() != null, dumped, session, objects);
                writer.finish(manifest);
                c.rollback();
                List<BackupResult.TableSummary> summary = dumped.stream()
                        .map(t -> new BackupResult.TableSummary(t.qualifiedName(), t.rows(), t.bytes(), t.sha256())).toList();
                return new BackupResult(journal.runId(), target, settings.name(), options.passphrase() != null, schemaVersion,
                        manifest.rows(), Files.size(target), (System.nanoTime() - started) / 1_000_000, summary);
            }
        } catch (SQLException e) {
            throw FerryException.sql("Backing up " + settings.name() + " (" + db.displayUrl() + ")", e);
        } catch (IOException e) {
            throw ArchiveWriter.cannotWrite(dir, e);
        }
    }

    private List<TableRef> chooseTables(Connection c, BackupOptions options, String home) throws SQLException {
        List<TableRef> out = new ArrayList<>();
        if (!options.tables().isEmpty()) {
            for (String name : options.tables()) {
                TableRef t = TableRef.parse(name.strip(), options.schema() == null ? home : options.schema());
                if (!dialect.tableExists(c, t.schema(), t.table())) {
                    throw FerryException.invalidInput("There is no table " + t + " in " + settings.name()
                            + "; name tables as table or schema.table (--tables a,b)");
                }
                out.add(t);
            }
            return out;
        }
        List<String> schemas = options.schema() != null ? List.of(options.schema())
                : settings.schemas().isEmpty() ? List.of(home) : settings.schemas();
        for (String schema : schemas) {
            List<String> partitions = dialect.archive().partitions(c, schema);
            for (String table : BackupCatalog.tables(c, schema)) {
                // The history describes the schema, not the data: the manifest keeps its version instead.
                // A partition's rows are read through its partitioned table.
                if (!(schema.equals(home) && table.equalsIgnoreCase(settings.historyTable())) && !partitions.contains(table)) {
                    out.add(new TableRef(schema, table));
                }
            }
        }
        if (out.isEmpty()) {
            throw FerryException.invalidInput("There are no tables to back up in " + String.join(", ", schemas) + " of " + settings.name());
        }
        return out;
    }

    private List<BackupManifest.Table> describe(Connection c, List<TableRef> tables) throws SQLException {
        List<BackupManifest.Table> out = new ArrayList<>();
        for (TableRef t : tables) {
            // With the table's own schema first on the path, the catalog prints names unqualified.
            dialect.useSchemas(c, List.of(t.schema()));
            TableDefinition def = dialect.archive().tableDefinition(c, t);
            out.add(new BackupManifest.Table(out.size(), t.schema(), t.table(), BackupCatalog.dataColumns(c, t), 0, 0, 0, null,
                    def.create(), def.indexes(), def.foreignKeys()));
        }
        return out;
    }

    /**
     * The objects besides the tables, schema by schema: everything a schema holds for a whole
     * backup, only what the chosen tables need to exist for a backup of some tables.
     */
    private ObjectDefinitions describeObjects(Connection c, List<TableRef> tables, boolean whole) throws SQLException {
        ObjectDefinitions out = ObjectDefinitions.NONE;
        for (String schema : tables.stream().map(TableRef::schema).distinct().toList()) {
            dialect.useSchemas(c, List.of(schema));
            List<String> names = tables.stream().filter(t -> t.schema().equals(schema)).map(TableRef::table).toList();
            out = out.plus(dialect.archive().objectDefinitions(c, schema, names, whole));
        }
        return out;
    }

    private List<BackupManifest.Table> dump(Connection coordinator, String snapshot, List<BackupManifest.Table> tables,
                                            ArchiveWriter writer, int parallelism, RunJournal journal) throws SQLException, IOException {
        int workers = snapshot == null ? 1
                : Math.min(tables.size(), parallelism > 0 ? parallelism : Math.min(4, Runtime.getRuntime().availableProcessors()));
        BackupManifest.Table[] done = new BackupManifest.Table[tables.size()];
        ConcurrentLinkedQueue<BackupManifest.Table> queue = new ConcurrentLinkedQueue<>(tables);
        AtomicBoolean failed = new AtomicBoolean();
        List<Connection> extra = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            for (int i = 1; i < workers; i++) {
                Connection w = db.connect("ferry backup " + journal.runId());
                extra.add(w);
                dialect.archive().joinSnapshot(w, snapshot);
            }
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                Connection conn = i == 0 ? coordinator : extra.get(i - 1);
                futures.add(pool.submit(() -> {
                    for (BackupManifest.Table t = queue.poll(); t != null && !failed.get(); t = queue.poll()) {
                        try {
                            done[t.index()] = dumpTable(conn, t, writer, journal);
                        } catch (SQLException | IOException | RuntimeException e) {
                            failed.set(true);
                            throw e;
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof SQLException se) {
                        throw se;
                    }
                    if (cause instanceof IOException ie) {
                        throw ie;
                    }
                    throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new FerryException(ErrorCode.FAILURE, "The backup was interrupted");
                }
            }
        } finally {
            pool.shutdownNow();
            for (Connection w : extra) {
                try {
                    w.close();
                } catch (SQLException ignored) {
                    // The snapshot is read-only; closing can lose nothing.
                }
            }
        }
        return List.of(done);
    }

    private BackupManifest.Table dumpTable(Connection c, BackupManifest.Table t, ArchiveWriter writer, RunJournal journal)
            throws SQLException, IOException {
        BlockSink sink = new BlockSink(writer, t.index());
        long rows;
        try {
            rows = dialect.archive().copyOut(c, new TableRef(t.schema(), t.table()), t.columns(), sink);
        } finally {
            sink.close();
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("table", t.qualifiedName());
        fields.put("rows", rows);
        fields.put("bytes", sink.bytes());
        journal.event("table_dumped", fields);
        return new BackupManifest.Table(t.index(), t.schema(), t.table(), t.columns(), rows, sink.bytes(), sink.blocks(), sink.sha256(),
                t.create(), t.indexes(), t.foreignKeys());
    }
}
