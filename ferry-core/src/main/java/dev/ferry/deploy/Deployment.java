package dev.ferry.deploy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.backup.BackupOptions;
import dev.ferry.backup.Backups;
import dev.ferry.backup.BackupResult;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.db.Database;
import dev.ferry.migration.MigrateOptions;
import dev.ferry.migration.MigrateResult;
import dev.ferry.migration.SchemaMigrations;
import dev.ferry.run.RunJournal;
import dev.ferry.seed.SeedOptions;
import dev.ferry.seed.SeedResult;
import dev.ferry.seed.SeedStatus;
import dev.ferry.schema.Schemas;
import dev.ferry.seed.Seeds;
import dev.ferry.verify.CheckStatus;
import dev.ferry.verify.Finding;
import dev.ferry.verify.IntegrityOptions;
import dev.ferry.verify.Verification;
import dev.ferry.verify.VerifyResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs a deploy: preflight, backup, migrate, seed, verify, in that order, stopping at the first
 * step that fails. Each step delegates to the feature that owns it (which keeps its own log and
 * report); the deploy records the steps, their timings and, once a backup exists, the command
 * that restores it.
 */
public final class Deployment {
    static final List<String> STEPS = List.of("preflight", "backup", "migrate", "seed", "verify");

    private final EnvironmentSettings settings;
    private final Supplier<Database> database;
    private final SchemaMigrations migrations;
    private final Backups backups;
    private final Seeds seeds;
    private final Verification verification;
    private final Schemas schemas;

    /** The deploy composes the capabilities that own each step; it is given them rather than building them. */
    public Deployment(EnvironmentSettings settings, Supplier<Database> database, SchemaMigrations migrations, Backups backups,
                      Seeds seeds, Verification verification, Schemas schemas) {
        this.settings = settings;
        this.database = database;
        this.migrations = migrations;
        this.backups = backups;
        this.seeds = seeds;
        this.verification = verification;
        this.schemas = schemas;
    }

    /** What a step ended with, when it did not throw. */
    private record Outcome(StepStatus status, String detail, String runId) {
        static Outcome ok(String detail, String runId) {
            return new Outcome(StepStatus.OK, detail, runId);
        }
    }

    public DeployResult deploy(DeployOptions options) {
        refuseUnsafe(options);
        long started = System.nanoTime();
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("environment", settings.name());
        context.put("database", database.get().displayUrl());
        context.put("seed", options.seed());
        context.put("skip_backup", options.skipBackup());
        if (options.dryRun()) {
            return new Run(options, null, started).execute();
        }
        return RunJournal.run(settings.stateDir(), "deploy", context, journal -> {
            DeployResult result = new Run(options, journal, started).execute();
            journal.report(result);
            DeployReport.writeMarkdown(result);
            journal.summary(Map.of("status", result.succeeded() ? "ok" : "failed", "exit_code", result.exitCode()));
            return result;
        });
    }

    /** Refusals come before anything runs: nothing is read, written or locked yet. */
    private void refuseUnsafe(DeployOptions options) {
        String name = settings.name();
        if (options.confirm() != null && !options.confirm().equals(name)) {
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "Refusing to deploy: --confirm names '" + options.confirm()
                    + "' but the environment is '" + name + "'. Confirm with exactly its name. Nothing was changed");
        }
        if (!settings.protectedEnvironment()) {
            return;
        }
        if (options.skipBackup()) {
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "Refusing to deploy to '" + name + "' with --skip-backup: it is marked "
                    + "protected in ferry.yaml, and a protected environment is always backed up first. Nothing was changed");
        }
        if (!options.dryRun() && options.confirm() == null) {
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "Refusing to deploy to '" + name + "' without --confirm " + name
                    + ": it is marked protected in ferry.yaml. --dry-run shows the plan first. Nothing was changed");
        }
    }

    /** One deploy run: the steps so far, and what they left behind. */
    private final class Run {
        private final DeployOptions options;
        private final RunJournal journal;
        private final long started;
        private final List<DeployStep> steps = new ArrayList<>();
        private final Preflight preflight = new Preflight(settings, database, migrations, seeds, schemas);
        private Preflight.Findings findings;
        private BackupResult backup;
        private FerryException failure;

        Run(DeployOptions options, RunJournal journal, long started) {
            this.options = options;
            this.journal = journal;
            this.started = started;
        }

        DeployResult execute() {
            step("preflight", () -> {
                findings = preflight.run(!options.skipBackup(), options.seed());
                return Outcome.ok(String.join("; ", findings.checks()), null);
            });
            if (options.dryRun()) {
                plan();
            } else {
                step("backup", this::backup);
                step("migrate", this::migrate);
                step("seed", this::seed);
                step("verify", this::verify);
            }
            return result();
        }

        private void plan() {
            if (failure != null) {
                STEPS.stream().skip(1).forEach(s -> steps.add(DeployStep.notRun(s)));
                return;
            }
            steps.add(planned("backup", options.skipBackup() ? null : findings.tablesToBackUp() == 0 ? null
                    : "would back up " + findings.tablesToBackUp() + " table(s) (" + Preflight.megabytes(findings.tableBytes()) + " on disk) into "
                    + relative(findings.backupDir()) + "/" + settings.name() + "_<UTC time>.fbk",
                    options.skipBackup() ? "--skip-backup" : "no tables to back up yet"));
            steps.add(planned("migrate", findings.pending().isEmpty() ? null : "would apply " + findings.pending().size() + " migration(s): "
                    + String.join(", ", findings.pending().stream().map(Deployment::label).toList()), "no pending migrations"));
            steps.add(planned("seed", options.seed() ? "would apply the seed files in " + relative(seeds.folder()) : null,
                    "no --seed"));
            steps.add(planned("verify", "would verify integrity" + rulesNote(), null));
        }

        private DeployStep planned(String name, String wouldDo, String whyNot) {
            return wouldDo == null ? new DeployStep(name, StepStatus.SKIPPED, null, 0, whyNot, null)
                    : new DeployStep(name, StepStatus.PLANNED, null, 0, wouldDo, null);
        }

        private Outcome backup() {
            if (options.skipBackup()) {
                return new Outcome(StepStatus.SKIPPED, "--skip-backup", null);
            }
            if (findings.tablesToBackUp() == 0) {
                return new Outcome(StepStatus.SKIPPED, "no tables to back up yet", null);
            }
            backup = backups.backup(BackupOptions.DEFAULTS);
            return Outcome.ok("backed up " + backup.tables().size() + " table(s), " + backup.rows() + " rows into "
                    + relative(backup.archive()) + " (" + Preflight.megabytes(backup.archiveBytes()) + ")", backup.runId());
        }

        private Outcome migrate() {
            if (findings.pending().isEmpty()) {
                return Outcome.ok("nothing to apply", null);
            }
            MigrateResult r = migrations.migrate(MigrateOptions.DEFAULTS.withOutOfOrder(settings.outOfOrder()));
            return Outcome.ok("applied " + r.applied().size() + " migration(s); schema version "
                    + Objects.requireNonNullElse(r.schemaVersionBefore(), "none") + " -> "
                    + Objects.requireNonNullElse(r.schemaVersionAfter(), "none"), r.runId());
        }

        private Outcome seed() {
            if (!options.seed()) {
                return new Outcome(StepStatus.SKIPPED, "no --seed", null);
            }
            SeedResult r = seeds.apply(SeedOptions.DEFAULTS);
            return Outcome.ok(r.count(SeedStatus.APPLIED) + " file(s) applied (" + r.rowsApplied() + " rows), "
                    + r.count(SeedStatus.UNCHANGED) + " unchanged", r.runId());
        }

        private Outcome verify() {
            VerifyResult r = verification.integrity(new IntegrityOptions(List.of(), List.of(), rulesDir()));
            long warnings = r.findings().stream().filter(f -> f.status() == CheckStatus.FAILED && !f.failsRun()).count();
            String counts = r.count(CheckStatus.PASSED) + " passed, " + r.count(CheckStatus.FAILED) + " failed ("
                    + warnings + " warning(s)), " + r.count(CheckStatus.NOT_RUN) + " not run" + rulesNote();
            if (!r.clean()) {
                List<String> errors = r.findings().stream().filter(Finding::failsRun)
                        .map(f -> f.check() + " " + f.subject() + ": " + f.message()).toList();
                throw new FerryException(ErrorCode.VALIDATION_FAILED, "Integrity verification failed (" + counts + ", report "
                        + r.runId() + "-verify.md): " + String.join("; ", errors));
            }
            return Outcome.ok(counts, r.runId());
        }

        private void step(String name, Supplier<Outcome> body) {
            if (failure != null) {
                steps.add(DeployStep.notRun(name));
                event("step_not_run", Map.of("step", name));
                return;
            }
            Instant at = Instant.now();
            long t0 = System.nanoTime();
            event("step_started", Map.of("step", name));
            try {
                Outcome o = body.get();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                steps.add(new DeployStep(name, o.status(), at, ms, o.detail(), o.runId()));
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("step", name);
                fields.put("status", o.status().name().toLowerCase(java.util.Locale.ROOT));
                fields.put("ms", ms);
                fields.put("detail", o.detail());
                event("step_finished", fields);
            } catch (FerryException e) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                failure = e;
                steps.add(new DeployStep(name, StepStatus.FAILED, at, ms, e.getMessage(), null));
                event("step_failed", Map.of("step", name, "ms", ms, "error", e.getMessage(), "exit_code", e.code().exitCode()));
            }
        }

        private DeployResult result() {
            String restore = backup == null ? null : restoreCommand(backup.archive());
            String note = failure != null && backup != null ? restoreNote() : null;
            List<Path> reports = journal == null ? List.of()
                    : List.of(DeployReport.markdownFile(settings.stateDir(), journal.runId()),
                    settings.stateDir().resolve("reports").resolve(journal.runId() + "-deploy.json"));
            return new DeployResult(journal == null ? null : journal.runId(), settings.name(), database.get().displayUrl(),
                    preflight.serverVersion(), options.dryRun(), List.copyOf(steps), findings == null ? List.of() : findings.pending(),
                    backup == null ? null : backup.archive(), restore, note,
                    (System.nanoTime() - started) / 1_000_000, failure == null ? 0 : failure.code().exitCode(),
                    failure == null ? null : failure.getMessage(), reports);
        }

        /** When migrations applied before the failing one moved the schema on, restore refuses the archive until it is back. */
        private String restoreNote() {
            String now;
            try {
                now = migrations.status().schemaVersion();
            } catch (FerryException e) {
                return "Could not read the schema version after the failure (" + e.getMessage() + "); check it before restoring";
            }
            if (Objects.equals(now, backup.schemaVersion())) {
                return null;
            }
            String then = backup.schemaVersion();
            return "The database is now at schema version " + Objects.requireNonNullElse(now, "none") + ", the backup was taken at "
                    + (then == null ? "no version: add --force to restore its rows"
                    : then + ": roll back to " + then + " first ('ferry rollback'), or add --force to restore the rows anyway");
        }

        private void event(String name, Map<String, Object> fields) {
            if (journal != null) {
                journal.event(name, fields);
            }
        }
    }

    private String restoreCommand(Path archive) {
        String path = relative(archive);
        return "ferry restore " + (path.contains(" ") ? "'" + path + "'" : path) + " --env " + settings.name() + " --confirm"
                + (settings.protectedEnvironment() ? " --allow-protected" : "");
    }

    private Path rulesDir() {
        Path dir = settings.projectDir().resolve("rules");
        return Files.isDirectory(dir) ? dir : null;
    }

    private String rulesNote() {
        return rulesDir() == null ? "" : ", with the rules in " + relative(rulesDir());
    }

    private String relative(Path p) {
        Path project = settings.projectDir().toAbsolutePath();
        Path abs = p.toAbsolutePath();
        return (abs.startsWith(project) ? project.relativize(abs) : abs).toString().replace('\\', '/');
    }

    static String label(PendingMigration m) {
        return m.version() == null ? m.script() : m.version() + " " + m.description();
    }
}
