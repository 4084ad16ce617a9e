package dev.ferry.migration;

import dev.ferry.FerryException;
import dev.ferry.Futures;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One command's view of an environment: a connection with the managed schemas selected, the
 * history table, and the migrations found on disk. Operations (migrate, rollback, ...) work
 * through it so they share one way to prepare and classify scripts.
 */
final class MigrationSession implements AutoCloseable {
    final EnvironmentSettings settings;
    final Database database;
    final Dialect dialect;
    final Connection connection;
    final List<String> schemas;
    final SchemaHistory history;
    final ScanResult scan;
    final String installedBy;
    private final Placeholders placeholders;

    private MigrationSession(EnvironmentSettings settings, Database database, Connection connection, List<String> schemas,
                             ScanResult scan, String installedBy) {
        this.settings = settings;
        this.database = database;
        this.dialect = database.dialect();
        this.connection = connection;
        this.schemas = schemas;
        this.scan = scan;
        this.installedBy = installedBy;
        this.history = new SchemaHistory(connection, dialect, schemas.get(0), settings.historyTable());
        this.placeholders = new Placeholders(settings.placeholders(), Map.of(
                "user", installedBy, "env", settings.name(), "schema", schemas.get(0),
                "history_table", settings.historyTable()), settings.placeholderReplacement());
    }

    /** @param createSchemas create missing managed schemas (state-changing commands only) */
    static MigrationSession open(EnvironmentSettings settings, JavaMigrations java, Database database, String applicationName,
                                 boolean createSchemas) {
        // Reading the files and connecting are independent; doing both at once shortens every command.
        ClassLoader loader = java.classLoader();
        CompletableFuture<ScanResult> scanning = CompletableFuture.supplyAsync(
                () -> new MigrationScanner(settings.layout()).scan(settings.locations(), settings.classpathLocations(),
                        java.withClassLoader(loader)));
        Connection c;
        try {
            c = database.connect(applicationName);
        } catch (RuntimeException e) {
            scanning.cancel(false);
            throw e;
        }
        try {
            ScanResult scan = Futures.join(scanning);
            c.setAutoCommit(true);
            List<String> schemas = new ArrayList<>(settings.schemas());
            if (schemas.isEmpty()) {
                schemas.add(database.dialect().currentSchema(c));
            } else {
                if (createSchemas) {
                    for (String schema : schemas) {
                        database.dialect().createSchemaIfMissing(c, schema);
                    }
                }
                database.dialect().useSchemas(c, schemas);
            }
            String user = c.getMetaData().getUserName();
            return new MigrationSession(settings, database, c, List.copyOf(schemas), scan, user == null ? "unknown" : user.replaceAll("@.*", ""));
        } catch (SQLException e) {
            closeQuietly(c);
            throw FerryException.sql("Preparing " + database.displayUrl(), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    List<MigrationInfo> states() {
        return MigrationStates.resolve(scan.migrations(), history.rows());
    }

    /** Fails with exit code 2 when file names are wrong or versions are claimed twice. */
    void requireCleanScan() {
        if (!scan.errors().isEmpty()) {
            throw FerryException.invalidInput("The migration locations have problems:\n  " + String.join("\n  ", scan.errors()));
        }
    }

    ScriptExecution prepare(Path file, String sql, int firstLine) {
        String replaced = placeholders.apply(sql, file, firstLine);
        return new ScriptExecution(file, dialect.splitter().split(replaced, firstLine));
    }

    /** The placeholder values a Java migration sees, built-ins included. */
    Map<String, String> placeholderValues() {
        return placeholders.values();
    }

    List<ScriptExecution> callbacks(CallbackEvent event) {
        return scan.callbacks().stream().filter(c -> c.event() == event)
                .map(c -> prepare(c.source(), c.sql(), 1)).toList();
    }

    /** Whether scripts can run in one transaction: the database must roll DDL back and no statement may forbid it. */
    boolean transactional(boolean noTransactionRequested, List<ScriptExecution> scripts) {
        if (!dialect.supportsTransactionalDdl() || noTransactionRequested) {
            return false;
        }
        return scripts.stream().flatMap(s -> s.statements().stream()).noneMatch(st -> dialect.requiresNoTransaction(st.sql()));
    }

    static String currentVersion(List<HistoryRow> rows) {
        Version max = null;
        Map<Version, HistoryRow> latest = new java.util.HashMap<>();
        for (HistoryRow row : rows) {
            if (row.version() != null && row.type() != MigrationType.REPEATABLE) {
                latest.put(row.parsedVersion(), row);
            }
        }
        for (HistoryRow row : latest.values()) {
            boolean counts = row.status() == HistoryStatus.SUCCESS;
            if (counts && (max == null || row.parsedVersion().compareTo(max) > 0)) {
                max = row.parsedVersion();
            }
        }
        return max == null ? null : max.toString();
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Closing a broken connection has nothing left to report.
        }
    }
}
