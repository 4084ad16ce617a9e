package dev.ferry.deploy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.db.Catalogs;
import dev.ferry.db.Database;
import dev.ferry.migration.MigrationInfo;
import dev.ferry.migration.SchemaMigrations;
import dev.ferry.migration.ValidateResult;
import dev.ferry.migration.ValidationProblem;
import dev.ferry.schema.DriftResult;
import dev.ferry.schema.SchemaChange;
import dev.ferry.schema.Schemas;
import dev.ferry.seed.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The checks a deploy makes before it changes anything: the server answers, the backup fits on
 * disk, the migrations validate, nobody else holds the migration lock, and the seed folder exists
 * when seeds are asked for. Reads only; a failed check is a {@link FerryException} with the code
 * the deploy exits with.
 */
final class Preflight {
    private final EnvironmentSettings settings;
    private final Supplier<Database> database;
    private final SchemaMigrations migrations;
    private final Seeds seeds;
    private final Schemas schemas;
    private String serverVersion;

    Preflight(EnvironmentSettings settings, Supplier<Database> database, SchemaMigrations migrations, Seeds seeds, Schemas schemas) {
        this.settings = settings;
        this.database = database;
        this.migrations = migrations;
        this.seeds = seeds;
        this.schemas = schemas;
    }

    /**
     * Whether the schema is what the applied migrations make of it. Reported, not enforced: a
     * table kept outside the migrations on purpose must not block a deploy, but it is never silent.
     */
    private String drift() {
        try {
            DriftResult drift = schemas.drift();
            if (drift.version() == null) {
                return "schema drift: no migration applied yet, nothing to compare";
            }
            if (drift.clean()) {
                return "schema drift: none";
            }
            return "schema drift: " + drift.changes().size() + " change(s) made outside the migrations ("
                    + String.join("; ", drift.changes().stream().limit(3).map(SchemaChange::describe).toList())
                    + (drift.changes().size() > 3 ? "; ..." : "") + "); see 'ferry drift'";
        } catch (FerryException e) {
            return "schema drift: not checked: " + e.getMessage();
        }
    }

    /** What the preflight learned. {@code tablesToBackUp} excludes the schema history. */
    record Findings(String serverVersion, long tableBytes, int tablesToBackUp, long freeBytes, Path backupDir,
                    List<PendingMigration> pending, List<String> checks) {
    }

    /** The server version, once the connection check passed (also after a later check failed). */
    String serverVersion() {
        return serverVersion;
    }

    Findings run(boolean backup, boolean seed) {
        List<String> checks = new ArrayList<>();
        Database db = database.get();
        long tableBytes;
        int tables;
        try (Connection c = db.connect("ferry deploy preflight")) {
            serverVersion = c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
            List<String> schemas = schemas(c, db);
            tableBytes = db.dialect().archive().tableBytes(c, schemas);
            tables = countTables(c, schemas);
        } catch (SQLException e) {
            throw FerryException.sql("Preflight on " + db.displayUrl(), e);
        }
        checks.add("connected to " + db.displayUrl() + " (" + serverVersion + ")");

        ValidateResult validation = migrations.validate();
        if (!validation.valid()) {
            throw new FerryException(ErrorCode.VALIDATION_FAILED, "The migrations do not validate against '" + settings.name() + "':\n  "
                    + String.join("\n  ", validation.problems().stream().map(Preflight::describe).toList())
                    + "\nFix this (see 'ferry validate') and deploy again. Nothing was changed");
        }
        checks.add("validate: " + validation.migrationsChecked() + " migration(s) checked, no problems");

        String holder = migrations.lockHolder();
        if (holder != null) {
            throw new FerryException(ErrorCode.LOCK_NOT_ACQUIRED, "Another process holds the migration lock on " + db.displayUrl()
                    + " (" + holder + "). Wait for it to finish, then deploy again. Nothing was changed");
        }
        checks.add("migration lock: free");
        checks.add(drift());

        List<PendingMigration> pending = migrations.status().migrations().stream()
                .filter(m -> m.isPending(settings.outOfOrder())).map(Preflight::pending).toList();
        checks.add("pending migrations: " + pending.size());

        Path backupDir = settings.backupDir();
        long free = usableSpace(backupDir);
        if (backup && tables > 0) {
            if (free < tableBytes) {
                throw new FerryException(ErrorCode.FAILURE, "Not enough free disk space for the backup: " + backupDir + " has "
                        + megabytes(free) + " free, the tables take " + megabytes(tableBytes)
                        + ". Free some space (or move old archives away) and deploy again. Nothing was changed");
            }
            checks.add("disk: " + megabytes(free) + " free in " + display(backupDir) + ", tables take " + megabytes(tableBytes));
        }
        if (seed && !Files.isDirectory(seeds.folder())) {
            throw FerryException.invalidInput("--seed was given but there is no seed folder for '" + settings.name() + "': create "
                    + display(seeds.folder()) + "/ or deploy without --seed. Nothing was changed");
        }
        return new Findings(serverVersion, tableBytes, tables, free, backupDir, pending, checks);
    }

    private List<String> schemas(Connection c, Database db) throws SQLException {
        return settings.schemas().isEmpty() ? List.of(db.dialect().currentSchema(c)) : settings.schemas();
    }

    /** Base tables a backup would take: all of the managed schemas', the schema history excepted. */
    private int countTables(Connection c, List<String> schemas) throws SQLException {
        int n = 0;
        for (String schema : schemas) {
            for (String table : Catalogs.strings(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = ? "
                    + "AND table_type IN ('BASE TABLE', 'SYSTEM VERSIONED')", schema)) {
                if (!(schema.equals(schemas.get(0)) && table.equalsIgnoreCase(settings.historyTable()))) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Free space where the archive goes; the directory itself may not exist yet, so its nearest existing parent is asked. */
    private static long usableSpace(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        try {
            return p == null ? Long.MAX_VALUE : Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            throw FerryException.failure("Cannot read the free disk space of " + dir + ": " + e.getMessage(), e);
        }
    }

    private static PendingMigration pending(MigrationInfo m) {
        return new PendingMigration(m.version(), m.description(), m.script());
    }

    private static String describe(ValidationProblem p) {
        return (p.migration() == null ? "" : p.migration() + ": ") + p.kind() + ": " + p.message();
    }

    static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1_048_576.0);
    }

    private String display(Path p) {
        return settings.display(p);
    }
}
