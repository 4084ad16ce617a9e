package dev.ferry.migration;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.db.Database;
import dev.ferry.run.RunJournal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The schema-migration API for one environment: migrate, status, history, validate, rollback,
 * repair, baseline, clean and new. Every state-changing call takes the migration lock, gets a run
 * id, and leaves a JSON-lines log and a JSON report under {@code .ferry/}.
 */
public final class SchemaMigrations {
    private final EnvironmentSettings settings;
    private final Supplier<Database> database;
    private final MigrationListener listener;
    private final RollbackBackup rollbackBackup;
    private final JavaMigrations java;

    public SchemaMigrations(EnvironmentSettings settings, Supplier<Database> database, MigrationListener listener) {
        this(settings, database, listener, JavaMigrations.DEFAULT, RollbackBackup.NONE);
    }

    /** @param java where Java migrations come from besides the folder locations */
    public SchemaMigrations(EnvironmentSettings settings, Supplier<Database> database, MigrationListener listener, JavaMigrations java) {
        this(settings, database, listener, java, RollbackBackup.NONE);
    }

    /** @param rollbackBackup backs the environment up before a rollback, when its settings ask for that */
    public SchemaMigrations(EnvironmentSettings settings, Supplier<Database> database, MigrationListener listener,
                            RollbackBackup rollbackBackup) {
        this(settings, database, listener, JavaMigrations.DEFAULT, rollbackBackup);
    }

    /**
     * @param java where Java migrations come from besides the folder locations
     * @param rollbackBackup backs the environment up before a rollback, when its settings ask for that
     */
    public SchemaMigrations(EnvironmentSettings settings, Supplier<Database> database, MigrationListener listener, JavaMigrations java,
                            RollbackBackup rollbackBackup) {
        this.settings = settings;
        this.database = database;
        this.listener = listener;
        this.java = java;
        this.rollbackBackup = rollbackBackup;
    }

    /** Reads the locations without touching a database. */
    public ScanResult scan() {
        return new MigrationScanner(settings.layout()).scan(settings.locations(), settings.classpathLocations(), java);
    }

    public StatusResult status() {
        try (MigrationSession s = open("status", false)) {
            List<MigrationInfo> infos = s.states();
            return new StatusResult(settings.name(), s.database.displayUrl(), MigrationSession.currentVersion(s.history.rows()),
                    infos, s.scan.notes(), s.scan.errors());
        }
    }

    public List<HistoryRow> history() {
        try (MigrationSession s = open("history", false)) {
            return s.history.rows();
        }
    }

    public ValidateResult validate() {
        try (MigrationSession s = open("validate", false)) {
            return Validator.validate(s);
        }
    }

    public MigrateResult migrate(MigrateOptions options) {
        if (options.dryRun()) {
            try (MigrationSession s = open("migrate --dry-run", false)) {
                return new Migrator(s, listener).migrate(options, null);
            }
        }
        // A run with nothing to apply changes nothing, so it does not need to wait for the lock.
        return locked("migrate", s -> !s.history.exists() || !new Migrator(s, listener).pending(options).isEmpty(),
                (s, journal) -> new Migrator(s, listener).migrate(options, journal));
    }

    /** @param confirmed the user confirmed a destructive action on a protected environment */
    public RollbackResult rollback(RollbackOptions options, boolean confirmed) {
        if (options.dryRun()) {
            try (MigrationSession s = open("rollback --dry-run", false)) {
                return new Rollbacker(s, listener).rollback(options, null);
            }
        }
        requireConfirmation("rollback", confirmed);
        Path backup = backupBeforeRollback(options);
        return locked("rollback", (s, journal) -> {
            if (backup != null) {
                journal.event("backup_taken", Map.of("archive", backup.toString()));
            }
            return new Rollbacker(s, listener).rollback(options, journal).withBackup(backup == null ? null : backup.toString());
        });
    }

    /**
     * The backup {@code backup_before_rollback} or a protected environment asks for, taken once
     * the dry run has shown there is something to roll back (and that the down scripts are there).
     */
    private Path backupBeforeRollback(RollbackOptions options) {
        if (!settings.backsUpBeforeRollback()) {
            return null;
        }
        RollbackOptions preview = new RollbackOptions(options.steps(), options.toVersion(), true);
        try (MigrationSession s = open("rollback --dry-run", false)) {
            if (new Rollbacker(s, listener).rollback(preview, null).rolledBack().isEmpty()) {
                return null;
            }
        }
        return rollbackBackup.take();
    }

    /** What {@link #repair()} would change, without changing it. */
    public RepairResult repairPreview() {
        try (MigrationSession s = open("repair --preview", false)) {
            return new Repairer(s).preview();
        }
    }

    public RepairResult repair() {
        return locked("repair", (s, journal) -> new Repairer(s).repair(journal));
    }

    public BaselineResult baseline(String version, String description) {
        return locked("baseline", (s, journal) -> Baseliner.baseline(s, version, description, journal));
    }

    /** Drops every object in the managed schemas. Always refused on a protected environment. */
    public CleanResult clean() {
        if (settings.protectedEnvironment()) {
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "Refusing to clean '" + settings.name()
                    + "': it is marked protected in ferry.yaml, and clean drops every object in its schemas");
        }
        return locked("clean", (s, journal) -> {
            try {
                List<String> dropped = s.dialect.history().clean(s.connection, s.schemas);
                journal.event("schemas_cleaned", Map.of("schemas", s.schemas, "dropped", dropped.size()));
                return new CleanResult(journal.runId(), settings.name(), s.schemas, dropped);
            } catch (java.sql.SQLException e) {
                throw FerryException.sql("Cleaning " + String.join(", ", s.schemas), e);
            }
        });
    }

    /** Creates the next migration (and its down script) in the first location's layout. */
    public NewMigrationResult newMigration(String description) {
        return newMigration(description, "", "");
    }

    /**
     * Creates the next migration holding the given statements (up and down, without the comment
     * line naming the description, which is added); what {@code ferry new --from-diff} writes.
     */
    public NewMigrationResult newMigration(String description, String upSql, String downSql) {
        if (settings.locations().isEmpty()) {
            throw FerryException.invalidInput("No migration location is configured; set 'locations' in ferry.yaml");
        }
        Path location = settings.locations().get(0);
        MigrationLayout layout = Layouts.forLocation(location, settings.layout());
        ScanResult scan = scan();
        List<Version> versions = scan.migrations().stream().map(Migration::version).filter(v -> v != null).toList();
        Version next = layout.nextVersion(versions);
        List<Path> files = layout.create(location, next, description, ScriptText.of(description, upSql, downSql));
        return new NewMigrationResult(next.toString(), layout.name(), files);
    }

    /**
     * Checks once, without waiting, whether another process holds the migration lock, and lets it
     * go again at once; a deploy's preflight uses it to stop before a backup rather than wait.
     *
     * @return who holds the lock ("another session" when the database does not say), or {@code null} when it is free
     */
    public String lockHolder() {
        Database db = database.get();
        try (Connection c = db.connect("ferry lock check")) {
            c.setAutoCommit(true);
            String home = settings.schemas().isEmpty() ? db.dialect().currentSchema(c) : settings.schemas().get(0);
            String name = lockName(home);
            if (db.dialect().locks().tryLock(c, name)) {
                db.dialect().locks().unlock(c, name);
                return null;
            }
            String holder = db.dialect().locks().describeLockHolder(c, name);
            return holder.isEmpty() ? "another session" : holder;
        } catch (SQLException e) {
            throw FerryException.sql("Checking the migration lock on " + db.displayUrl(), e);
        }
    }

    private String lockName(String homeSchema) {
        return "ferry:" + homeSchema + "." + settings.historyTable();
    }

    private void requireConfirmation(String action, boolean confirmed) {
        if (settings.protectedEnvironment() && !confirmed) {
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "Refusing to " + action + " on '" + settings.name()
                    + "' without --confirm: it is marked protected in ferry.yaml");
        }
    }

    private MigrationSession open(String command, boolean createSchemas) {
        return MigrationSession.open(settings, java, database.get(), "ferry " + command, createSchemas);
    }

    private interface LockedAction<T> {
        T run(MigrationSession session, RunJournal journal);
    }

    private <T> T locked(String command, LockedAction<T> action) {
        return locked(command, s -> true, action);
    }

    private <T> T locked(String command, java.util.function.Predicate<MigrationSession> needsLock, LockedAction<T> action) {
        Database db = database.get();
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("environment", settings.name());
        context.put("database", db.displayUrl());
        return RunJournal.run(settings.stateDir(), command, context, journal -> {
            try (MigrationSession session = MigrationSession.open(settings, java, db, "ferry " + command + " " + journal.runId(), true);
                 MigrationLock lock = needsLock.test(session) ? MigrationLock.acquire(db, lockName(session.schemas.get(0)),
                         settings.lockTimeout(), "ferry " + command + " " + journal.runId(),
                         () -> listener.note("Waiting up to " + settings.lockTimeout().toSeconds() + " s for another migration to finish..."))
                         : null) {
                T result = action.run(session, journal);
                journal.report(result);
                return result;
            }
        });
    }
}
