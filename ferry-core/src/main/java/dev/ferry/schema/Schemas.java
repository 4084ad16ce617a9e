package dev.ferry.schema;

import dev.ferry.config.EnvironmentSettings;
import dev.ferry.db.Database;
import java.nio.file.Path;
import java.util.List;
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

    public Schemas(EnvironmentSettings settings, Supplier<Database> database) {
        this.settings = settings;
        this.database = database;
    }

    /** The environment's managed schemas (the current one when none are configured), Ferry's own tables left out. */
    public SchemaSnapshot snapshot() {
        return SchemaSnapshot.read(database.get(), settings.schemas(), settings.schemas(), settings.historyTable());
    }

    /** The differences from a snapshot file (written by {@code ferry schema dump}) to this environment's schema now. */
    public List<SchemaChange> diffFrom(Path snapshotFile) {
        return SchemaDiff.between(SchemaSnapshot.load(settings.projectDir().resolve(snapshotFile)), snapshot());
    }

    /**
     * Replays the migrations this environment has applied into a scratch database and compares
     * the result with the live schema: every object added, removed or changed by hand.
     */
    public DriftResult drift() {
        return new SchemaDrift(settings, database).check();
    }
}
