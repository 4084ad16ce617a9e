package dev.ferry.schema;

import dev.ferry.FerryException;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.db.Catalogs;
import dev.ferry.db.Database;
import dev.ferry.db.embedded.EmbeddedPostgres;
import dev.ferry.migration.MigrateOptions;
import dev.ferry.migration.JavaMigrations;
import dev.ferry.migration.MigrationListener;
import dev.ferry.migration.SchemaMigrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Finds changes made to a database by hand: replays the migrations it has applied into a scratch
 * database (a database of the embedded PostgreSQL for a PostgreSQL environment, one on the same
 * server for MariaDB), reads both schemas and compares them. The scratch database and everything
 * the replay wrote are removed afterwards, whatever happens.
 */
final class SchemaDrift {
    /**
     * Names one embedded server for every project's replays, instead of each project's own: scratch
     * databases are uniquely named and dropped, so projects can share it, and a CI job or a test suite
     * with many projects creates the cluster once.
     */
    static final String SCRATCH_HOME = "FERRY_SCRATCH_HOME";
    private final EnvironmentSettings settings;
    private final Supplier<Database> database;
    private final JavaMigrations javaMigrations;

    SchemaDrift(EnvironmentSettings settings, Supplier<Database> database, JavaMigrations javaMigrations) {
        this.settings = settings;
        this.database = database;
        this.javaMigrations = javaMigrations;
    }

    DriftResult check() {
        long started = System.nanoTime();
        Database live = database.get();
        String version = new SchemaMigrations(settings, database, MigrationListener.NONE, javaMigrations).status().schemaVersion();
        List<String> schemas = liveSchemas(live);
        SchemaSnapshot actual = SchemaSnapshot.read(live, schemas, schemas, settings.historyTable());
        if (version == null) {
            // Nothing applied: the migrations' schema is empty, and every object is someone's own.
            SchemaSnapshot none = new SchemaSnapshot(actual.dialect(), schemas, List.of());
            return new DriftResult(settings.name(), live.displayUrl(), null, null, SchemaDiff.between(none, actual),
                    (System.nanoTime() - started) / 1_000_000);
        }
        Replayed expected = replay(live, schemas, version, false);
        return new DriftResult(settings.name(), live.displayUrl(), version, expected.where(),
                SchemaDiff.between(expected.side().snapshot(), actual),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The schema every migration makes, replayed into a scratch database. */
    SchemaSnapshot migrationsSchema() {
        Database live = database.get();
        return replay(live, liveSchemas(live), null, false).side().snapshot();
    }

    /** The same, with the statements the scratch server prints for its objects, read before it is dropped. */
    SchemaSide migrationsSide() {
        Database live = database.get();
        return replay(live, liveSchemas(live), null, true).side();
    }

    private record Replayed(SchemaSide side, String where) {
    }

    /** Replays the migrations up to {@code version} (all of them for {@code null}) and reads the result under the live schemas' names. */
    private Replayed replay(Database live, List<String> schemas, String version, boolean withSources) {
        boolean mariaDb = !live.dialect().supportsTransactionalDdl();
        if (mariaDb && schemas.size() > 1) {
            throw FerryException.invalidInput("Schema comparison on MariaDB replays into one database; '" + settings.name() + "' manages "
                    + String.join(", ", schemas) + ". Name one schema in ferry.yaml, or compare them one at a time");
        }
        try (Scratch scratch = mariaDb ? Scratch.beside(live, schemas.get(0)) : Scratch.embedded(settings.stateDir())) {
            migrate(scratch.database(), mariaDb ? List.of() : settings.schemas(), version);
            List<String> read = mariaDb ? List.of() : schemas;
            SchemaSide side = withSources ? SchemaSide.read(scratch.database(), read, schemas, settings.historyTable())
                    : SchemaSide.of(SchemaSnapshot.read(scratch.database(), read, schemas, settings.historyTable()));
            return new Replayed(side, scratch.database().displayUrl());
        }
    }

    private List<String> liveSchemas(Database live) {
        if (!settings.schemas().isEmpty()) {
            return settings.schemas();
        }
        try (Connection c = live.connect("ferry drift")) {
            return List.of(live.dialect().currentSchema(c));
        } catch (SQLException e) {
            throw FerryException.sql("Reading the current schema of " + live.displayUrl(), e);
        }
    }

    /** Applies the migrations up to {@code version} (all for {@code null}) with this environment's files, placeholders and layout; logs go to a temporary folder. */
    private void migrate(Database scratch, List<String> schemas, String version) {
        Path home;
        try {
            home = Files.createTempDirectory("ferry-replay");
        } catch (IOException e) {
            throw FerryException.failure("Cannot create a temporary folder for the replay: " + e.getMessage(), e);
        }
        try {
            EnvironmentSettings s = settings;
            EnvironmentSettings replay = new EnvironmentSettings(s.name(), scratch.url(), scratch.user(), null, false, s.connectTimeout(),
                    s.locations(), s.layout(), schemas, s.historyTable(), s.placeholders(), s.placeholderReplacement(), s.lockTimeout(),
                    true, home, s.backupDir(), false, s.classpathLocations());
            MigrateOptions options = version == null ? MigrateOptions.DEFAULTS : MigrateOptions.DEFAULTS.withTarget(version);
            new SchemaMigrations(replay, () -> scratch, MigrationListener.NONE, javaMigrations).migrate(options);
        } finally {
            deleteTree(home);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the replay's embedded server lives: the variable's directory when set, else the project's own server's. */
    static Path scratchServer(Path stateDir, String override) {
        return override == null || override.isBlank() ? EmbeddedPostgres.root(stateDir) : Path.of(override);
    }

    /** A database that exists only for one comparison. */
    private record Scratch(Database database, Database admin, String name, EmbeddedPostgres.Handle handle) implements AutoCloseable {

        static Scratch embedded(Path stateDir) {
            EmbeddedPostgres.Handle handle = EmbeddedPostgres.acquireIn(scratchServer(stateDir, System.getenv(SCRATCH_HOME)));
            String name = scratchName();
            return new Scratch(handle.database(name), new Database(handle.url("postgres"), "postgres", null, 10), name, handle);
        }

        /** A database on the live server with the live database's character set, so columns compare alike. */
        static Scratch beside(Database live, String liveSchema) {
            String name = scratchName();
            try (Connection c = live.connect("ferry drift"); Statement st = c.createStatement()) {
                List<String> charset = Catalogs.strings(c, "SELECT CONCAT(DEFAULT_CHARACTER_SET_NAME, ' ', DEFAULT_COLLATION_NAME) "
                        + "FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", liveSchema);
                String[] cs = charset.isEmpty() ? new String[0] : charset.get(0).split(" ");
                st.execute("CREATE DATABASE " + name + (cs.length == 2 ? " CHARACTER SET " + cs[0] + " COLLATE " + cs[1] : ""));
            } catch (SQLException e) {
                throw FerryException.sql("Creating the scratch database " + name + " on " + live.displayUrl()
                        + " (drift detection needs the right to create a database)", e);
            }
            return new Scratch(live.withDatabaseName(name), live, name, null);
        }

        private static String scratchName() {
            return "ferry_drift_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        }

        @Override
        public void close() {
            try (Connection c = admin.connect("ferry drift"); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name + (handle != null ? " WITH (FORCE)" : ""));
            } catch (SQLException e) {
                throw FerryException.sql("Dropping the scratch database " + name + "; drop it by hand", e);
            } finally {
                if (handle != null) {
                    handle.close();
                }
            }
        }
    }
}
