package dev.ferry.schema;

import dev.ferry.config.EnvironmentSettings;
import dev.ferry.db.Database;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The schema of one environment as its server describes it: {@code ferry.schema()}. Reads it,
 * compares it with a snapshot or another database, and finds the changes made by hand since the
 * migrations ran.
 *
 * <pre>{@code
 * DriftResult drift = ferry.schema().drift();
 * drift.changes().forEach(c -> System.out.println(c.describe()));
 * }</pre>
 */
public final class Schemas {
    private final EnvironmentSettings settings;
    private final Supplier<Database> database;
    private final Function<String, Schemas> environments;

    /** @param environments the schema API of another environment of the project, for {@code env:NAME} sides */
    public Schemas(EnvironmentSettings settings, Supplier<Database> database, Function<String, Schemas> environments) {
        this.settings = settings;
        this.database = database;
        this.environments = environments;
    }

    /** The environment's managed schemas (the current one when none are configured), Ferry's own tables left out. */
    public SchemaSnapshot snapshot() {
        return SchemaSnapshot.read(database.get(), settings.schemas(), settings.schemas(), settings.historyTable());
    }

    /** The schema every migration of this environment's folders makes, replayed into a scratch database. */
    public SchemaSnapshot migrationsSchema() {
        return new SchemaDrift(settings, database).migrationsSchema();
    }

    /**
     * One side of a diff: {@code env:NAME} (that environment's database), {@code migrations} (every
     * migration replayed into a scratch database) or the path of a {@code schema dump} file;
     * {@code null} is this environment.
     */
    public SchemaSnapshot side(String side) {
        if (side == null || side.equals("env:" + settings.name())) {
            return snapshot();
        }
        if (side.equals("migrations")) {
            return migrationsSchema();
        }
        if (side.startsWith("env:")) {
            return environments.apply(side.substring("env:".length())).snapshot();
        }
        return SchemaSnapshot.load(settings.projectDir().resolve(side));
    }

    /** What changed from one side to the other (see {@link #side}); schemas are matched by position. */
    public List<SchemaChange> diff(String from, String to) {
        SchemaSnapshot a = side(from);
        SchemaSnapshot b = side(to);
        if (!a.dialect().equals(b.dialect())) {
            throw dev.ferry.FerryException.invalidInput("Cannot compare a " + a.dialect() + " schema with a " + b.dialect()
                    + " one: their catalogs describe types differently");
        }
        return SchemaDiff.between(a, b.renamedTo(a.schemas()));
    }

    /** The differences from a snapshot file (written by {@code ferry schema dump}) to this environment's schema now. */
    public List<SchemaChange> diffFrom(Path snapshotFile) {
        return diff(snapshotFile.toString(), null);
    }

    /**
     * Replays the migrations this environment has applied into a scratch database and compares
     * the result with the live schema: every object added, removed or changed by hand.
     */
    public DriftResult drift() {
        return new SchemaDrift(settings, database).check();
    }
}
