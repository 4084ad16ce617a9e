package dev.ferry;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.ConfigOverrides;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.db.Database;
import dev.ferry.db.embedded.EmbeddedPostgres;
import dev.ferry.migration.MigrationListener;
import dev.ferry.migration.SchemaMigrations;
import dev.ferry.snapshot.Snapshots;
import dev.ferry.seed.Seeds;
import dev.ferry.backup.BackupOptions;
import dev.ferry.backup.RestoreOptions;
import dev.ferry.backup.RestoreResult;
import dev.ferry.transfer.TargetBackups;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.Transfers;
import dev.ferry.transfer.plan.ConnectionSpec;
import dev.ferry.transfer.plan.PlanLoader;
import dev.ferry.transfer.transform.Transforms;
import java.nio.file.Path;
import dev.ferry.run.RunJournal;
import dev.ferry.transfer.ExpectedRows;
import dev.ferry.verify.Finding;
import dev.ferry.verify.FixResult;
import dev.ferry.verify.OrphanQuarantine;
import dev.ferry.verify.PlanFix;
import dev.ferry.verify.IntegrityChecker;
import dev.ferry.verify.IntegrityOptions;
import dev.ferry.verify.PlanVerifier;
import dev.ferry.verify.TransferRunCheck;
import dev.ferry.verify.VerifyLevel;
import dev.ferry.verify.VerifyReports;
import dev.ferry.verify.VerifyResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The entry point of Ferry's Java API: one environment of one project.
 *
 * <pre>{@code
 * try (Ferry ferry = Ferry.load(Path.of("."), null, ConfigOverrides.NONE)) {
 *     MigrateResult result = ferry.migrations().migrate(MigrateOptions.DEFAULTS);
 *     TransferResult moved = ferry.transfers(null).run(TransferOptions.DEFAULTS);
 * }
 * }</pre>
 *
 * When an environment has no URL, the embedded PostgreSQL is started on first use and stopped
 * by {@link #close()} (unless another Ferry process still uses it).
 */
public final class Ferry implements AutoCloseable {
    private final EnvironmentSettings settings;
    private final Path workDir;
    private final Path configFile;
    private final Map<String, String> env;
    private Consumer<String> notices = msg -> { };
    private MigrationListener listener = MigrationListener.NONE;
    private EmbeddedPostgres.Handle embedded;
    private Database database;
    private final Map<String, Ferry> others = new LinkedHashMap<>();

    private Ferry(EnvironmentSettings settings, Path workDir, Path configFile, Map<String, String> env) {
        this.settings = settings;
        this.workDir = workDir;
        this.configFile = configFile;
        this.env = env;
    }

    /** Reads ferry.yaml (or {@code configFile}) in {@code workDir}, with {@code FERRY_*} variables and the given overrides. */
    public static Ferry load(Path workDir, Path configFile, ConfigOverrides overrides) {
        Map<String, String> env = System.getenv();
        return new Ferry(new ConfigLoader(env).load(workDir, configFile, overrides), workDir, configFile, env);
    }

    public static Ferry of(EnvironmentSettings settings) {
        return new Ferry(settings, settings.projectDir(), null, System.getenv());
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

    /** Backups and restores of this environment's tables. */
    public dev.ferry.backup.Backups backups() {
        return new dev.ferry.backup.Backups(this);
    }

    /**
     * A guarded deployment of this environment: preflight, backup, migrate, optionally seed, then
     * verify integrity, stopping at the first failing step. A failed step is reported in the result
     * (with the restore command for the backup taken), not thrown; refusals for safety are thrown.
     */
    public dev.ferry.deploy.DeployResult deploy(dev.ferry.deploy.DeployOptions options) {
        return new dev.ferry.deploy.Deployment(this).deploy(options);
    }

    /** Another environment of the same project (this one for its own name), opened once and closed with this one. */
    public synchronized Ferry environment(String name) {
        if (name.equals(settings.name())) {
            return this;
        }
        Ferry other = others.get(name);
        if (other == null) {
            ConfigOverrides select = new ConfigOverrides(name, null, null, null, null, null, null, null, null, null);
            other = new Ferry(new ConfigLoader(env).load(workDir, configFile, select), workDir, configFile, env).onNotice(notices);
            others.put(name, other);
        }
        return other;
    }

    public SchemaMigrations migrations() {
        return new SchemaMigrations(settings, this::database, listener);
    }

    /** In-database snapshots of this environment's tables: create, list, restore, drop. */
    public Snapshots snapshots() {
        return new Snapshots(this::database, settings.stateDir(), settings.name(), settings.protectedEnvironment());
    }

    /**
     * The data-transfer API for a plan.
     *
     * @param planFile the plan, or {@code null} for ferry.yaml's {@code transfer.plan} (default {@code transfer.yaml})
     */
    public Transfers transfers(Path planFile, TransferListener transferListener) {
        Path plan = new ConfigLoader(env).transferPlan(workDir, configFile, planFile);
        Transforms transforms = new Transforms(Thread.currentThread().getContextClassLoader());
        return new Transfers(new PlanLoader(env, transforms).load(plan), this::databaseFor, transforms, settings.stateDir(),
                transferListener, this::isProtected, new TargetBackups() {
                    @Override
                    public Path backup(ConnectionSpec target, List<String> tables) {
                        return ferryFor(target).backups().backup(BackupOptions.DEFAULTS.withTables(tables)).archive();
                    }

                    @Override
                    public RestoreResult restore(ConnectionSpec target, Path archive, List<String> tables) {
                        // Transfers has checked the confirmation (and --confirm on a protected target) already.
                        return ferryFor(target).backups().restore(RestoreOptions.of(archive).withTables(tables).withConfirmed(true)
                                .withAllowProtected(true));
                    }
                });
    }

    /**
     * The environment a plan's source or target names; for a bare URL, this environment's settings
     * with that URL (so archives are named, kept and protected as this environment's).
     */
    private synchronized Ferry ferryFor(ConnectionSpec spec) {
        if (spec.url() == null) {
            return environment(spec.environment());
        }
        String key = "url " + spec.url() + " " + spec.user();
        Ferry other = others.get(key);
        if (other == null) {
            EnvironmentSettings s = settings;
            other = new Ferry(new EnvironmentSettings(s.name(), spec.url(), spec.user(), spec.password(), s.protectedEnvironment(),
                    s.connectTimeout(), s.locations(), s.layout(), List.of(), s.historyTable(), s.placeholders(), s.placeholderReplacement(),
                    s.lockTimeout(), s.outOfOrder(), s.projectDir()), workDir, configFile, env).onNotice(notices);
            others.put(key, other);
        }
        return other;
    }

    /**
     * The seed files of this environment ({@code seeds/<environment>/}, or under ferry.yaml's
     * {@code seeds.location}); {@code --validate} runs {@link #verifyIntegrity}.
     */
    public Seeds seeds() {
        return new Seeds(settings, this::database, new ConfigLoader(env).seedsLocation(workDir, configFile), this::verifyIntegrity);
    }

    /** The protected-data API: audit trail, snapshots, checks and recovery of the rows declared under {@code protected_data}. */
    public dev.ferry.protection.Protection protection() {
        return new dev.ferry.protection.Protection(settings, this::database,
                new ConfigLoader(env).protectedData(workDir, configFile));
    }

    /** The health report of this environment; with {@code options.recover()} lost protected rows are restored first. */
    public dev.ferry.doctor.DoctorReport doctor(dev.ferry.doctor.DoctorOptions options) {
        return new dev.ferry.doctor.Doctor(settings, database(), migrations(), protection()).examine(options);
    }

    /**
     * Checks this environment's database without a plan: orphans, duplicates, unvalidated
     * constraints, unindexed foreign keys and the rules. Writes reports under {@code .ferry/reports/}.
     */
    public VerifyResult verifyIntegrity(IntegrityOptions options) {
        Database db = database();
        List<Finding> findings = new IntegrityChecker(db, env).check(options);
        return report(new VerifyResult(RunJournal.newRunId(), "integrity", db.displayUrl(), findings));
    }

    /** Verifies a transfer plan's target against its source at the given level, then the target's integrity and rules. */
    public VerifyResult verifyTransfer(Path planFile, VerifyLevel level, List<String> entities, IntegrityOptions options) {
        return verifyTransfer(planFile, level, entities, options, null);
    }

    /**
     * The same for one transfer run: it must exist (else invalid input), the result says whether it
     * completed and whether the plan changed since, and only that run's rejected rows account for
     * rows the target lacks. {@code transferRun == null} verifies against every run's rejects.
     */
    public VerifyResult verifyTransfer(Path planFile, VerifyLevel level, List<String> entities, IntegrityOptions options, String transferRun) {
        Transfers transfers = transfers(planFile, TransferListener.NONE);
        Database source = databaseFor(transfers.plan().source());
        Database target = databaseFor(transfers.plan().target());
        List<Finding> findings = new ArrayList<>();
        if (transferRun != null) {
            findings.addAll(TransferRunCheck.findings(transfers.status(transferRun).run(), transfers.plan().checksum()));
        }
        String runId = RunJournal.newRunId();
        Path diff = settings.stateDir().resolve("reports").resolve(runId + "-diff.csv");
        CompletableFuture<List<Finding>> integrity = level != VerifyLevel.BASIC || options.rulesDir() != null
                ? new IntegrityChecker(target, env).checkInBackground(options) : CompletableFuture.completedFuture(List.of());
        try (ExpectedRows expected = ExpectedRows.open(transfers.plan(), source, target,
                new Transforms(Thread.currentThread().getContextClassLoader()))) {
            findings.addAll(new PlanVerifier(expected, target, diff, transferRun).verify(level, entities));
        } catch (RuntimeException e) {
            integrity.exceptionally(x -> null).join(); // no query left running after the failure is reported
            throw e;
        }
        findings.addAll(Futures.join(integrity));
        return report(new VerifyResult(runId, "transfer, " + level.name().toLowerCase(java.util.Locale.ROOT), target.displayUrl(), findings));
    }

    /**
     * Moves orphan rows (along declared foreign keys and the listed references) into quarantine
     * tables, recording each move so {@link #undoFix} can reverse it. Needs {@code confirmed} on a
     * protected environment.
     */
    public FixResult quarantineOrphans(List<String> relations, boolean dryRun, boolean confirmed) {
        if (!dryRun) {
            requireConfirmation("fix orphans", confirmed);
        }
        return new OrphanQuarantine(database()).quarantine(relations, dryRun);
    }

    /**
     * Repairs a transfer's target through its plan: tenants backfilled from parents, missing rows
     * copied again, changed rows set back; every change recorded for {@link #undoFix}.
     */
    public FixResult fixTransfer(Path planFile, List<String> entities, boolean dryRun, boolean confirmed) {
        if (!dryRun) {
            requireConfirmation("fix the transfer target", confirmed);
        }
        Transfers transfers = transfers(planFile, TransferListener.NONE);
        Database target = databaseFor(transfers.plan().target());
        try (ExpectedRows expected = ExpectedRows.open(transfers.plan(), databaseFor(transfers.plan().source()), target,
                new Transforms(Thread.currentThread().getContextClassLoader()))) {
            return new PlanFix(expected, target).fix(entities, dryRun);
        }
    }

    /** Reverses a fix run exactly. */
    public FixResult undoFix(String fixRun, boolean confirmed) {
        requireConfirmation("undo a fix", confirmed);
        return new OrphanQuarantine(database()).undo(fixRun);
    }

    private void requireConfirmation(String action, boolean confirmed) {
        if (settings.protectedEnvironment() && !confirmed) {
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "Refusing to " + action + " on '" + settings.name()
                    + "' without --confirm: it is marked protected in ferry.yaml");
        }
    }

    private VerifyResult report(VerifyResult r) {
        VerifyReports.write(settings.stateDir(), r);
        return r;
    }

    /** Whether a plan's source or target is a protected environment; a bare URL counts as this environment. */
    public synchronized boolean isProtected(ConnectionSpec spec) {
        if (spec.url() != null || spec.environment().equals(settings.name())) {
            return settings.protectedEnvironment();
        }
        return environment(spec.environment()).settings().protectedEnvironment();
    }

    /** The database a plan's source or target names: an environment of this project, or a URL. */
    public synchronized Database databaseFor(ConnectionSpec spec) {
        if (spec.url() != null) {
            return new Database(spec.url(), spec.user(), spec.password(), (int) Math.max(1, settings.connectTimeout().toSeconds()));
        }
        if (spec.environment().equals(settings.name())) {
            return database();
        }
        return environment(spec.environment()).database();
    }

    @Override
    public synchronized void close() {
        others.values().forEach(Ferry::close);
        others.clear();
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
    }
}
