package dev.ferry.verify;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.Futures;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.db.Database;
import dev.ferry.run.RunJournal;
import dev.ferry.transfer.Transfers;
import dev.ferry.transfer.plan.ConnectionSpec;
import dev.ferry.transfer.plan.EntityPlan;
import dev.ferry.transfer.plan.TransferPlan;
import dev.ferry.transfer.transform.Transforms;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Verification of one environment: {@code ferry.verification()}. Checks a database on its own
 * (integrity and rules), a transfer's target against its source through the plan, and repairs
 * what either finds, each repair recorded so that it can be undone.
 *
 * <pre>{@code
 * VerifyResult r = ferry.verification().transfer(null, VerifyLevel.STANDARD, List.of(), IntegrityOptions.NONE, null);
 * }</pre>
 */
public final class Verification {
    private final EnvironmentSettings settings;
    private final Supplier<Database> database;
    private final Map<String, String> variables;
    private final Function<Path, Transfers> transfers;
    private final Function<ConnectionSpec, Database> databases;

    /**
     * @param variables what {@code ${env:...}} in rule files resolves against
     * @param transfers the transfer API of a plan file ({@code null}: the project's plan)
     * @param databases the database a plan's source or target names
     */
    public Verification(EnvironmentSettings settings, Supplier<Database> database, Map<String, String> variables,
                        Function<Path, Transfers> transfers, Function<ConnectionSpec, Database> databases) {
        this.settings = settings;
        this.database = database;
        this.variables = variables;
        this.transfers = transfers;
        this.databases = databases;
    }

    /**
     * Checks this environment's database without a plan: orphans, duplicates, unvalidated
     * constraints, unindexed foreign keys and the rules. Writes reports under {@code .ferry/reports/}.
     */
    public VerifyResult integrity(IntegrityOptions options) {
        Database db = database.get();
        List<Finding> findings = new IntegrityChecker(db, variables).check(options);
        return report(new VerifyResult(RunJournal.newRunId(), "integrity", db.displayUrl(), findings));
    }

    /** Verifies a transfer plan's target against its source at the given level, then the target's integrity and rules. */
    public VerifyResult transfer(Path planFile, VerifyLevel level, List<String> entities, IntegrityOptions options) {
        return transfer(planFile, level, entities, options, null);
    }

    /**
     * The same for one transfer run: it must exist (else invalid input), the result says whether it
     * completed and whether the plan changed since, and only that run's rejected rows account for
     * rows the target lacks. {@code transferRun == null} verifies against every run's rejects.
     */
    public VerifyResult transfer(Path planFile, VerifyLevel level, List<String> entities, IntegrityOptions options, String transferRun) {
        Transfers plan = transfers.apply(planFile);
        requireKnownEntities(plan.plan(), entities);
        Database source = databases.apply(plan.plan().source());
        Database target = databases.apply(plan.plan().target());
        List<Finding> findings = new ArrayList<>();
        if (transferRun != null) {
            findings.addAll(TransferRunCheck.findings(plan.status(transferRun).run(), plan.plan().checksum()));
        }
        String runId = RunJournal.newRunId();
        Path diff = settings.stateDir().resolve("reports").resolve(runId + "-diff.csv");
        // The plan's references and the target's foreign keys often name the same reference: counted once.
        OrphanCounts orphans = new OrphanCounts();
        CompletableFuture<List<Finding>> integrity = level != VerifyLevel.BASIC || options.rulesDir() != null
                ? new IntegrityChecker(target, variables, orphans).checkInBackground(options) : CompletableFuture.completedFuture(List.of());
        try (ExpectedRows expected = ExpectedRows.open(plan.plan(), source, target, transforms())) {
            findings.addAll(new PlanVerifier(expected, target, diff, transferRun, orphans).verify(level, entities));
        } catch (RuntimeException e) {
            integrity.exceptionally(x -> null).join(); // no query left running after the failure is reported
            throw e;
        }
        findings.addAll(Futures.join(integrity));
        return report(new VerifyResult(runId, "transfer, " + level.name().toLowerCase(Locale.ROOT), target.displayUrl(), findings));
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
        return new OrphanQuarantine(database.get()).quarantine(relations, dryRun);
    }

    /**
     * Repairs a transfer's target through its plan: tenants backfilled from parents, missing rows
     * copied again, changed rows set back; every change recorded for {@link #undoFix}.
     */
    public FixResult fixTransfer(Path planFile, List<String> entities, boolean dryRun, boolean confirmed) {
        if (!dryRun) {
            requireConfirmation("fix the transfer target", confirmed);
        }
        Transfers plan = transfers.apply(planFile);
        requireKnownEntities(plan.plan(), entities);
        Database target = databases.apply(plan.plan().target());
        try (ExpectedRows expected = ExpectedRows.open(plan.plan(), databases.apply(plan.plan().source()), target, transforms())) {
            return new PlanFix(expected, target).fix(entities, dryRun);
        }
    }

    /** Reverses a fix run exactly. */
    public FixResult undoFix(String fixRun, boolean confirmed) {
        requireConfirmation("undo a fix", confirmed);
        return new OrphanQuarantine(database.get()).undo(fixRun);
    }

    /** A misspelt entity would otherwise select nothing, and nothing checked reads as clean. */
    private static void requireKnownEntities(TransferPlan plan, List<String> entities) {
        List<String> known = plan.entities().stream().map(EntityPlan::name).toList();
        List<String> unknown = entities.stream().filter(n -> !known.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw FerryException.invalidInput("--entities: unknown entity '" + String.join("', '", unknown) + "' in " + plan.file()
                    + "; the plan defines: " + String.join(", ", known));
        }
    }

    private static Transforms transforms() {
        return new Transforms(Thread.currentThread().getContextClassLoader());
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
}
