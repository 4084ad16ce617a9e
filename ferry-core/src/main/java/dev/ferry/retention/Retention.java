package dev.ferry.retention;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.backup.ArchiveFile;
import dev.ferry.backup.Backups;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.config.RetentionKind;
import dev.ferry.config.RetentionPolicy;
import dev.ferry.config.RetentionRule;
import dev.ferry.db.Database;
import dev.ferry.protection.Protection;
import dev.ferry.run.RunJournal;
import dev.ferry.snapshot.Snapshots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Applies ferry.yaml's {@code retention:} section to one environment: {@code ferry.retention()}.
 *
 * <pre>{@code
 * RetentionResult preview = ferry.retention().prune(PruneOptions.DRY_RUN);
 * preview.kind(RetentionKind.BACKUPS).deleted().forEach(e -> System.out.println(e.name() + ": " + e.reason()));
 * }</pre>
 *
 * Whatever a rule says, the newest valid backup of the environment and everything a running or
 * resumable transfer run needs (its state, log, pre-run backup, rollback copies) stay.
 */
public final class Retention {
    private final EnvironmentSettings settings;
    private final Supplier<Database> database;
    private final RetentionPolicy policy;
    private final Backups backups;
    private final Snapshots snapshots;
    private final Protection protection;

    public Retention(EnvironmentSettings settings, Supplier<Database> database, RetentionPolicy policy, Backups backups, Snapshots snapshots,
                     Protection protection) {
        this.settings = settings;
        this.database = database;
        this.policy = policy;
        this.backups = backups;
        this.snapshots = snapshots;
        this.protection = protection;
    }

    public RetentionPolicy policy() {
        return policy;
    }

    /**
     * Deletes what no rule keeps, or with {@link PruneOptions#dryRun()} only says what it would.
     * Refused without a {@code retention:} section (invalid input: nothing to apply) and on a
     * protected environment without {@link PruneOptions#confirmed()}.
     */
    public RetentionResult prune(PruneOptions options) {
        if (policy.isEmpty()) {
            throw FerryException.invalidInput("ferry.yaml has no retention: section, so prune has no rule to apply and deleted nothing. "
                    + "Add one, e.g.\n  retention:\n    backups: {keep_daily: 7, keep_weekly: 4}\n    runs: {max_age: 30d}");
        }
        if (!options.dryRun() && settings.protectedEnvironment() && !options.confirmed()) {
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "Refusing to prune '" + settings.name()
                    + "' without --confirm: it is marked protected in ferry.yaml. See what would go with --dry-run. Nothing was deleted");
        }
        Instant now = Instant.now();
        List<Decision<?>> decisions = decide(sources(options.passphrase(), true), now);
        if (options.dryRun()) {
            return result(null, true, decisions);
        }
        Database db = database.get();
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("environment", settings.name());
        context.put("database", db.displayUrl());
        return RunJournal.run(settings.stateDir(), "prune", context, journal -> {
            for (Decision<?> d : decisions) {
                d.apply(journal);
            }
            RetentionResult result = result(journal.runId(), false, decisions);
            journal.summary(Map.of("deleted", result.deletedCount()));
            journal.report(result);
            return result;
        });
    }

    /**
     * The environment's backups a prune would leave, newest first, without reading archives back
     * (the newest whole one counts as valid): doctor's look at what retention leaves.
     */
    public List<ArchiveFile> backupsLeft() {
        ActiveRuns active = ActiveRuns.read(database.get());
        BackupFiles files = new BackupFiles(backups, settings, active, false, null);
        RetentionRule rule = policy.rule(RetentionKind.BACKUPS).orElse(null);
        List<Candidate<ArchiveFile>> all = files.candidates(rule, Instant.now());
        if (rule == null) {
            return all.stream().map(Candidate::item).toList();
        }
        return new Decision<>(files, rule, all, Instant.now()).keptItems();
    }

    private List<Holdings<?>> sources(char[] passphrase, boolean verify) {
        ActiveRuns active = ActiveRuns.read(database.get());
        return List.of(new BackupFiles(backups, settings, active, verify, passphrase),
                new TableSnapshots(snapshots, active), new ProtectedSnapshots(protection), new RunFiles(settings.stateDir(), active),
                new FinishedTransfers(database.get(), active), new AuditEntries(protection));
    }

    private List<Decision<?>> decide(List<Holdings<?>> sources, Instant now) {
        List<Decision<?>> out = new ArrayList<>();
        for (Holdings<?> h : sources) {
            out.add(decide(h, now));
        }
        return out;
    }

    private <T> Decision<T> decide(Holdings<T> h, Instant now) {
        RetentionRule rule = policy.rule(h.kind()).orElse(null);
        if (rule == null) {
            return Decision.untouched(h, "no rule under retention." + h.kind().key() + ": everything kept");
        }
        String unavailable = h.unavailable();
        if (unavailable != null) {
            return Decision.untouched(h, unavailable);
        }
        return new Decision<>(h, rule, h.candidates(rule, now), now);
    }

    private RetentionResult result(String runId, boolean dryRun, List<Decision<?>> decisions) {
        return new RetentionResult(runId, settings.name(), dryRun, decisions.stream().map(Decision::outcome).toList());
    }
}
