package dev.ferry.schema;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.db.Database;
import dev.ferry.migration.JavaMigrations;
import dev.ferry.migration.MigrationListener;
import dev.ferry.migration.NewMigrationResult;
import dev.ferry.migration.SchemaMigrations;
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
    private final JavaMigrations javaMigrations;

    /** @param environments the schema API of another environment of the project, for {@code env:NAME} sides */
    public Schemas(EnvironmentSettings settings, Supplier<Database> database, Function<String, Schemas> environments) {
        this(settings, database, environments, JavaMigrations.DEFAULT);
    }

    /** @param javaMigrations the Java migrations a replay of the migrations runs with the scripts */
    public Schemas(EnvironmentSettings settings, Supplier<Database> database, Function<String, Schemas> environments,
                   JavaMigrations javaMigrations) {
        this.settings = settings;
        this.database = database;
        this.environments = environments;
        this.javaMigrations = javaMigrations;
    }

    /** The environment's managed schemas (the current one when none are configured), Ferry's own tables left out. */
    public SchemaSnapshot snapshot() {
        return SchemaSnapshot.read(database.get(), settings.schemas(), settings.schemas(), settings.historyTable());
    }

    /** The schema every migration of this environment's folders makes, replayed into a scratch database. */
    public SchemaSnapshot migrationsSchema() {
        return new SchemaDrift(settings, database, javaMigrations).migrationsSchema();
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
        sameDatabase(a, b);
        return SchemaDiff.between(a, b.renamedTo(a.schemas()));
    }

    private static void sameDatabase(SchemaSnapshot a, SchemaSnapshot b) {
        if (!a.dialect().equals(b.dialect())) {
            throw FerryException.invalidInput("Cannot compare a " + a.dialect() + " schema with a " + b.dialect()
                    + " one: their catalogs describe types differently");
        }
    }

    /**
     * Writes the next migration (up and down, in the first location's layout) that takes the schema
     * the migrations make to the schema of {@code to} (a side as in {@link #side}; {@code null} is
     * this environment): {@code ferry new DESCRIPTION --from-diff}. Renames are written only as
     * declared. Refuses, writing nothing, when a change cannot be written as SQL; a change that
     * needs a person (a key type change) is written as a comment and reported in
     * {@link GeneratedMigration#byHand()}. Nothing is written when there is no difference.
     */
    public GeneratedMigration newMigrationFromDiff(String description, String to, List<SchemaRename> renames) {
        SchemaSide from = new SchemaDrift(settings, database, javaMigrations).migrationsSide();
        SchemaSide target = sideWithSources(to);
        sameDatabase(from.snapshot(), target.snapshot());
        MigrationGenerator generator = new MigrationGenerator(database.get().dialect().schemaDdl());
        MigrationGenerator.Script up = generator.script(from, target, renames);
        MigrationGenerator.Script down = generator.script(target.renamedTo(from.snapshot().schemas()), from,
                undo(renames));
        List<String> unwritable = java.util.stream.Stream.concat(up.unwritable().stream(), down.unwritable().stream()).distinct().toList();
        if (!unwritable.isEmpty()) {
            throw new FerryException(ErrorCode.FAILURE, "Cannot write the migration from the migrations' schema to " + label(to)
                    + "; nothing was written:\n  - " + String.join("\n  - ", unwritable));
        }
        String where = label(to);
        if (up.changes().isEmpty() && renames.isEmpty()) {
            return new GeneratedMigration(null, null, List.of(), where, List.of(), List.of(), List.of(), List.of(), List.of(), false);
        }
        String header = "-- Written by 'ferry new --from-diff': from the migrations' schema to " + where + ".\n";
        NewMigrationResult written = new SchemaMigrations(settings, database, MigrationListener.NONE, javaMigrations)
                .newMigration(description, up.text(header), down.text(header.replace("from the migrations' schema to " + where,
                        "back from " + where + " to the migrations' schema")));
        List<String> warnings = java.util.stream.Stream.concat(up.notes().stream(), down.notes().stream().map(n -> "down: " + n)).toList();
        List<String> byHand = java.util.stream.Stream.concat(up.manual().stream(), down.manual().stream().map(n -> "down: " + n)).toList();
        return new GeneratedMigration(written.version(), written.layout(), written.files(), where, up.changes(), up.sql(), down.sql(),
                warnings, byHand, up.outsideTransaction());
    }

    private static List<SchemaRename> undo(List<SchemaRename> renames) {
        List<SchemaRename> undo = new java.util.ArrayList<>(renames.stream().map(SchemaRename::reversed).toList());
        java.util.Collections.reverse(undo);
        return undo;
    }

    private String label(String side) {
        return side == null ? "env:" + settings.name() : side;
    }

    /** A side with the statements its server prints for its objects (none for a dump file). */
    SchemaSide sideWithSources(String side) {
        if (side == null || side.equals("env:" + settings.name())) {
            return SchemaSide.read(database.get(), settings.schemas(), settings.schemas(), settings.historyTable());
        }
        if (side.equals("migrations")) {
            return new SchemaDrift(settings, database, javaMigrations).migrationsSide();
        }
        if (side.startsWith("env:")) {
            return environments.apply(side.substring("env:".length())).sideWithSources(null);
        }
        return SchemaSide.of(SchemaSnapshot.load(settings.projectDir().resolve(side)));
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
        return new SchemaDrift(settings, database, javaMigrations).check();
    }
}
