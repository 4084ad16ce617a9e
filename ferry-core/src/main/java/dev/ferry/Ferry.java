package dev.ferry;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.ConfigOverrides;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.db.Database;
import dev.ferry.db.embedded.EmbeddedPostgres;
import dev.ferry.migration.MigrationListener;
import dev.ferry.migration.SchemaMigrations;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The entry point of Ferry's Java API: one environment of one project.
 *
 * <pre>{@code
 * try (Ferry ferry = Ferry.load(Path.of("."), null, ConfigOverrides.NONE)) {
 *     MigrateResult result = ferry.migrations().migrate(MigrateOptions.DEFAULTS);
 * }
 * }</pre>
 *
 * When the environment has no URL, the embedded PostgreSQL is started on first use and stopped
 * by {@link #close()} (unless another Ferry process still uses it).
 */
public final class Ferry implements AutoCloseable {
    private final EnvironmentSettings settings;
    private Consumer<String> notices;
    private MigrationListener listener = MigrationListener.NONE;
    private EmbeddedPostgres.Handle embedded;
    private Database database;

    private Ferry(EnvironmentSettings settings, Consumer<String> notices) {
        this.settings = settings;
        this.notices = notices;
    }

    /** Reads ferry.yaml (or {@code configFile}) in {@code workDir}, with {@code FERRY_*} variables and the given overrides. */
    public static Ferry load(Path workDir, Path configFile, ConfigOverrides overrides) {
        return new Ferry(ConfigLoader.fromSystem().load(workDir, configFile, overrides), msg -> { });
    }

    public static Ferry of(EnvironmentSettings settings) {
        return new Ferry(settings, msg -> { });
    }

    /** Where one-line notices go, such as "using the embedded PostgreSQL". */
    public Ferry onNotice(Consumer<String> consumer) {
        this.notices = consumer;
        return this;
    }

    public Ferry withListener(MigrationListener l) {
        this.listener = l;
        return this;
    }

    public EnvironmentSettings settings() {
        return settings;
    }

    /** The environment's database, starting the embedded PostgreSQL if the environment has no URL. */
    public synchronized Database database() {
        if (database == null) {
            if (settings.embedded()) {
                embedded = EmbeddedPostgres.acquire(settings.stateDir());
                database = embedded.database(settings.name());
                notices.accept("Using the embedded PostgreSQL " + FerryVersion.postgres() + " in "
                        + settings.projectDir().relativize(embedded.home()) + " (database '" + settings.name()
                        + "', port " + embedded.port() + "); set 'url' in ferry.yaml to use your own server.");
            } else {
                database = new Database(settings.url(), settings.user(), settings.password(),
                        (int) Math.max(1, settings.connectTimeout().toSeconds()));
            }
        }
        return database;
    }

    public SchemaMigrations migrations() {
        return new SchemaMigrations(settings, this::database, listener);
    }

    @Override
    public synchronized void close() {
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
    }
}
