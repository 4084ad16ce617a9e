package dev.ferry;

import dev.ferry.config.EnvironmentSettings;
import dev.ferry.config.ProjectConfig;
import dev.ferry.db.Database;
import dev.ferry.db.embedded.EmbeddedPostgres;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The databases of one project's environments, each opened once and released together. The
 * selected environment keeps the settings it was opened with (flags included); any other comes
 * from the same {@link ProjectConfig}, so a plan's source is never looked up in another file.
 */
final class Environments implements AutoCloseable {
    private final ProjectConfig project;
    private final EnvironmentSettings selected;
    private final Database given;
    private final Map<String, EnvironmentSettings> settings = new HashMap<>();
    private final Map<String, Database> databases = new HashMap<>();
    private EmbeddedPostgres.Handle embedded;
    private Consumer<String> notices = msg -> { };

    /** @param given the selected environment's database when an application handed one over, else {@code null} */
    Environments(ProjectConfig project, EnvironmentSettings selected, Database given) {
        this.project = project;
        this.selected = selected;
        this.given = given;
    }

    synchronized void notices(Consumer<String> consumer) {
        this.notices = consumer;
    }

    synchronized EnvironmentSettings settings(String name) {
        if (name.equals(selected.name())) {
            return selected;
        }
        return settings.computeIfAbsent(name, project::environment);
    }

    /** The environment's database, starting the embedded PostgreSQL if the environment has no URL. */
    synchronized Database database(String name) {
        Database db = databases.get(name);
        if (db == null) {
            db = open(settings(name));
            databases.put(name, db);
        }
        return db;
    }

    private Database open(EnvironmentSettings s) {
        if (given != null && s == selected) {
            return given;
        }
        if (!s.embedded()) {
            return new Database(s.url(), s.user(), s.password(), (int) Math.max(1, s.connectTimeout().toSeconds()));
        }
        if (embedded == null) {
            embedded = EmbeddedPostgres.acquire(s.stateDir());
        }
        Database db = embedded.database(s.name());
        notices.accept("Using the embedded PostgreSQL " + FerryVersion.postgres() + " in "
                + s.projectDir().relativize(embedded.home()) + " (database '" + s.name()
                + "', port " + embedded.port() + "); set 'url' in ferry.yaml to use your own server.");
        return db;
    }

    @Override
    public synchronized void close() {
        databases.clear();
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
    }
}
