package dev.ferry.backup;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.db.Database;
import dev.ferry.migration.MigrationListener;
import dev.ferry.migration.SchemaHistory;
import dev.ferry.migration.SchemaMigrations;
import dev.ferry.run.RunJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Backups and restores of one environment's tables: {@code ferry.backups()}.
 *
 * <pre>{@code
 * BackupResult b = ferry.backups().backup(BackupOptions.DEFAULTS);
 * ArchiveCheck check = ferry.backups().verify(b.archive(), null);
 * RestoreResult r = ferry.backups().restore(RestoreOptions.of(b.archive()).withConfirmed(true));
 * }</pre>
 */
public final class Backups {
    private final EnvironmentSettings settings;
    private final Supplier<Database> database;
    private final Function<String, Backups> environments;

    /** @param environments the backups of another environment of the project, for {@link RestoreOptions#into()} */
    public Backups(EnvironmentSettings settings, Supplier<Database> database, Function<String, Backups> environments) {
        this.settings = settings;
        this.database = database;
        this.environments = environments;
    }

    /** Takes one consistent backup into a new archive and returns what went into it. */
    public BackupResult backup(BackupOptions options) {
        Database db = database.get();
        return RunJournal.run(settings.stateDir(), "backup", context(settings, db), journal -> {
            BackupResult result = new BackupRunner(settings, db).run(options, journal);
            journal.summary(Map.of("archive", result.archive().toString(), "rows", result.rows(),
                    "bytes", result.archiveBytes()));
            journal.report(result);
            return result;
        });
    }

    /** The archives in {@code dir} (default: the environment's {@code backup_dir}), newest first; unreadable ones say why. */
    public List<ArchiveSummary> list(Path dir, char[] passphrase) {
        Path d = BackupNames.folder(settings, dir);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(d)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(ArchiveFormat.EXTENSION))
                    .sorted(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed()).toList();
        } catch (IOException e) {
            throw FerryException.failure("Cannot list " + d + ": " + e.getMessage(), e);
        }
        List<ArchiveSummary> out = new ArrayList<>();
        for (Path f : files) {
            out.add(summary(f, passphrase));
        }
        return out;
    }

    /** This environment's archives in its {@code backup_dir}, oldest first, read from their names only. */
    public List<ArchiveFile> archives() {
        return BackupNames.archives(settings.backupDir(), settings.name());
    }

    /** Deletes one of this environment's archives, as retention decided; a file already gone is no error. */
    public void delete(ArchiveFile archive) {
        try {
            Files.deleteIfExists(archive.path());
        } catch (IOException e) {
            throw FerryException.failure("Cannot delete the archive " + archive.path() + ": " + e.getMessage()
                    + "; check the folder's permissions, then prune again", e);
        }
    }

    private static ArchiveSummary summary(Path f, char[] passphrase) {
        long size;
        Instant modified;
        try {
            size = Files.size(f);
            modified = Files.getLastModifiedTime(f).toInstant();
        } catch (IOException e) {
            return new ArchiveSummary(f, 0, null, null, null, null, false, null, e.getMessage());
        }
        try {
            if (passphrase == null && ArchiveReader.isEncrypted(f)) {
                return new ArchiveSummary(f, size, modified, null, null, null, true, null, null);
            }
            try (ArchiveReader r = ArchiveReader.open(f, passphrase)) {
                BackupManifest m = r.manifest();
                return new ArchiveSummary(f, size, m.createdAt(), m.environment(), m.tables().size(), m.rows(), m.encrypted(),
                        m.schemaVersion(), null);
            }
        } catch (FerryException e) {
            return new ArchiveSummary(f, size, modified, null, null, null, false, null, e.getMessage());
        }
    }

    /** Whether an archive is encrypted (from its header alone), so a caller knows to ask for the passphrase. */
    public boolean encrypted(Path archive) {
        return ArchiveReader.isEncrypted(resolve(archive));
    }

    /**
     * Reads the whole archive back: every block decoded and every table's SHA-256 and row count
     * compared with the manifest. A truncated or foreign file is a {@link FerryException}
     * ({@link ErrorCode#FAILURE}), a wrong passphrase one with {@link ErrorCode#VALIDATION_FAILED};
     * damaged tables are reported in the result.
     */
    public ArchiveCheck verify(Path archive, char[] passphrase) {
        try (ArchiveReader r = ArchiveReader.open(resolve(archive), passphrase)) {
            return ArchiveVerifier.check(r);
        }
    }

    /**
     * Restores tables from an archive into this environment or {@link RestoreOptions#into()}: the
     * target must be confirmed (and allowed when protected), the tables it replaces are backed up,
     * then they are loaded while the archive's file checksum, blocks and tables are checked, and
     * compared with the archive before the commit.
     */
    public RestoreResult restore(RestoreOptions options) {
        long started = System.nanoTime();
        Backups target = options.into() == null ? this : environments.apply(options.into());
        EnvironmentSettings settings = target.settings;
        Path file = resolve(options.archive());
        try (ArchiveReader reader = ArchiveReader.open(file, options.passphrase())) {
            BackupManifest manifest = reader.manifest();
            requireSameEnvironment(manifest, settings, options, file);
            if (!options.dryRun()) {
                requireSafe(settings, options);
            }
            if (options.dryRun()) {
                requireIntact(reader);
            }
            Database db = target.database.get();
            if (!db.dialect().name().equals(manifest.dialect())) {
                throw FerryException.invalidInput(file.getFileName() + " is a " + manifest.dialect() + " backup; '" + settings.name()
                        + "' is " + db.dialect().name() + ". Restore it into a " + manifest.dialect() + " environment");
            }
            List<BackupManifest.Table> chosen = choose(manifest, options.tables(), file);
            String home;
            String targetVersion;
            boolean hasHistory;
            try (Connection c = db.connect("ferry restore")) {
                home = settings.schemas().isEmpty() ? db.dialect().currentSchema(c) : settings.schemas().get(0);
                SchemaHistory history = new SchemaHistory(c, db.dialect(), home, settings.historyTable());
                hasHistory = history.exists();
                targetVersion = hasHistory ? history.currentVersion() : null;
            } catch (SQLException e) {
                throw FerryException.sql("Reading " + settings.name(), e);
            }
            Restorer restorer = new Restorer(db, reader);
            if (!options.dryRun()) {
                restorer.checkFileChecksumAlongside();
            }
            List<Restorer.Target> targets = restorer.plan(chosen, home);
            boolean freshDrill = !hasHistory && targets.stream().noneMatch(Restorer.Target::exists);
            if (!options.force() && !freshDrill && !java.util.Objects.equals(targetVersion, manifest.schemaVersion())) {
                throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "Refusing to restore: " + file.getFileName() + " was taken at schema "
                        + show(manifest.schemaVersion()) + " but '" + settings.name() + "' is at schema " + show(targetVersion)
                        + ". Bring the database to " + show(manifest.schemaVersion()) + " first (migrate or rollback), or restore anyway with --force");
            }
            if (options.dryRun()) {
                List<RestoreResult.TableRestore> planned = targets.stream().map(t -> new RestoreResult.TableRestore(t.table().toString(),
                        t.exists() ? "replace" : "create", t.rowsBefore(), t.source().rows())).toList();
                return new RestoreResult(null, file, settings.name(), true, null, options.safetyPassphrase() != null,
                        planned.stream().mapToLong(RestoreResult.TableRestore::rowsRestored).sum(), (System.nanoTime() - started) / 1_000_000, planned,
                        List.of(), history(settings, manifest, hasHistory, targetVersion, freshDrill, true));
            }
            Path safety = safetyBackup(target, targets, options);
            String history = history(settings, manifest, hasHistory, targetVersion, freshDrill, false);
            RestoreResult result = RunJournal.run(settings.stateDir(), "restore", context(settings, db), journal -> {
                journal.event("restore_started", Map.of("archive", file.toString(), "safety_backup", safety == null ? "" : safety.toString()));
                List<RestoreResult.TableRestore> restored = restorer.restore(targets, journal, options.connections());
                RestoreResult restoredRows = new RestoreResult(journal.runId(), file, settings.name(), false, safety,
                        safety != null && options.safetyPassphrase() != null, restored.stream().mapToLong(RestoreResult.TableRestore::rowsRestored).sum(),
                        (System.nanoTime() - started) / 1_000_000, restored,
                        restorer.createdObjects(), history);
                journal.summary(Map.of("rows", restoredRows.rows()));
                journal.report(restoredRows);
                return restoredRows;
            });
            if (freshDrill && manifest.schemaVersion() != null) {
                new SchemaMigrations(settings, () -> db, MigrationListener.NONE).baseline(manifest.schemaVersion(),
                        "restored from " + file.getFileName());
            }
            return result;
        }
    }

    /**
     * A dry run, which loads nothing, reads the whole archive here: the file against the SHA-256 in
     * its footer, every block decoded and each table's SHA-256 and row count. A real restore checks
     * the same while it loads, and commits only once all of it has passed
     * ({@link Restorer#checkFileChecksumAlongside}).
     */
    private static void requireIntact(ArchiveReader reader) {
        ArchiveCheck check = ArchiveVerifier.check(reader);
        if (!check.ok()) {
            throw new FerryException(ErrorCode.FAILURE, reader.file().getFileName() + " failed verification, so nothing was restored: "
                    + String.join("; ", check.problems()));
        }
    }

    /**
     * The archive holds rows, not the schema history; the manifest keeps the schema version instead.
     * A drill into an empty environment gets its history recorded at that version (a baseline), so
     * {@code status} and {@code migrate} there see the migrations up to it as applied; otherwise
     * the message says where the history stands and what to run.
     */
    private static String history(EnvironmentSettings settings, BackupManifest manifest, boolean hasHistory, String targetVersion,
                                  boolean freshDrill, boolean dryRun) {
        String version = manifest.schemaVersion();
        if (version == null) {
            return "the archive records no schema version (its database had no schema history); "
                    + (hasHistory ? "'" + settings.name() + "' keeps its history at " + show(targetVersion)
                    : "if migrations manage this schema, record where it stands with 'ferry baseline --version V -e " + settings.name() + "'");
        }
        if (hasHistory) {
            return java.util.Objects.equals(version, targetVersion) ? "schema history of '" + settings.name() + "' already at " + version
                    : "schema history of '" + settings.name() + "' stays at " + show(targetVersion) + " although the archive was taken at "
                    + version + " (--force): bring them together with 'ferry migrate' or 'ferry rollback'";
        }
        if (freshDrill) {
            return (dryRun ? "would record" : "recorded") + " the schema history of '" + settings.name() + "' at version " + version
                    + " (the archive's), as 'ferry baseline' would: 'ferry status' counts migrations up to " + version + " as applied";
        }
        return "'" + settings.name() + "' has no schema history; the archive was taken at version " + version
                + ": record it with 'ferry baseline --version " + version + " -e " + settings.name() + "'";
    }

    private static Path safetyBackup(Backups target, List<Restorer.Target> targets, RestoreOptions options) {
        List<String> replaced = targets.stream().filter(Restorer.Target::exists).map(t -> t.table().toString()).toList();
        if (replaced.isEmpty()) {
            return null;
        }
        return target.backup(BackupOptions.DEFAULTS.withTables(replaced).withPassphrase(options.safetyPassphrase())).archive();
    }

    private static void requireSafe(EnvironmentSettings settings, RestoreOptions options) {
        if (settings.protectedEnvironment() && !options.allowProtected()) {
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "Refusing to restore into '" + settings.name()
                    + "': it is marked protected in ferry.yaml. Add --allow-protected (with --confirm) if you really mean to overwrite it");
        }
        if (!options.confirmed()) {
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "Refusing to restore into '" + settings.name()
                    + "' without confirmation: it replaces the tables' rows. Add --confirm, or run on a terminal and type the "
                    + "environment's name; --dry-run shows what would happen. Nothing was changed");
        }
    }

    /**
     * An archive goes back into the environment it was taken from. Into another one only when the
     * user says so: {@code into} (a drill) or {@code allowOtherEnvironment}; a default environment
     * must never quietly receive another environment's tables.
     */
    private static void requireSameEnvironment(BackupManifest manifest, EnvironmentSettings settings, RestoreOptions options, Path file) {
        String from = manifest.environment();
        if (from == null || from.equals(settings.name()) || options.into() != null || options.allowOtherEnvironment()) {
            return;
        }
        throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "Refusing to restore " + file.getFileName() + " into '" + settings.name()
                + "': it is a backup of '" + from + "'. Restore it into '" + from + "' with -e " + from + ", or, if you mean '"
                + settings.name() + "', name it with -e " + settings.name() + " and add --allow-other-environment (or use --into "
                + settings.name() + "). Nothing was changed");
    }

    private static List<BackupManifest.Table> choose(BackupManifest m, List<String> names, Path file) {
        if (names.isEmpty()) {
            return m.tables();
        }
        List<BackupManifest.Table> out = new ArrayList<>();
        for (String n : names) {
            BackupManifest.Table t = m.table(n.strip());
            if (t == null) {
                throw FerryException.invalidInput(file.getFileName() + " has no table '" + n + "'; it has "
                        + String.join(", ", m.tables().stream().map(BackupManifest.Table::qualifiedName).toList()));
            }
            out.add(t);
        }
        return out;
    }

    private Path resolve(Path archive) {
        return settings.projectDir().resolve(archive);
    }

    private static String show(String version) {
        return version == null ? "no version" : "version " + version;
    }

    private static Map<String, Object> context(EnvironmentSettings settings, Database db) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("environment", settings.name());
        m.put("url", db.displayUrl());
        return m;
    }
}
