package dev.ferry.transfer;

import dev.ferry.transfer.plan.EntityJob;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.FerryException;
import dev.ferry.db.Catalogs;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.TransferSql;
import dev.ferry.run.Json;
import dev.ferry.run.RunJournal;
import dev.ferry.run.html.HtmlReports;
import dev.ferry.transfer.plan.ConnectionSpec;
import dev.ferry.transfer.plan.Dependency;
import dev.ferry.transfer.plan.TransferPlan;
import dev.ferry.transfer.transform.Transforms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The data-transfer API for one plan: describe it, run (or resume) it, and look at runs.
 * {@code run} leaves a JSON-lines log, and a JSON, a Markdown and an HTML report, under {@code .ferry/}.
 */
public final class Transfers {
    private final TransferPlan plan;
    private final Function<ConnectionSpec, Database> databases;
    private final Transforms transforms;
    private final Path stateDir;
    private final TransferListener listener;
    private final Predicate<ConnectionSpec> protectedTarget;
    private final TargetBackups backups;

    public Transfers(TransferPlan plan, Function<ConnectionSpec, Database> databases, Transforms transforms, Path stateDir,
                     TransferListener listener) {
        this(plan, databases, transforms, stateDir, listener, spec -> false);
    }

    /** @param protectedTarget whether a connection is a protected environment, where destructive steps need confirmation */
    public Transfers(TransferPlan plan, Function<ConnectionSpec, Database> databases, Transforms transforms, Path stateDir,
                     TransferListener listener, Predicate<ConnectionSpec> protectedTarget) {
        this(plan, databases, transforms, stateDir, listener, protectedTarget, TargetBackups.NONE);
    }

    /** @param backups archive backups of the target: the pre-run backup and {@code rollback --from-backup} */
    public Transfers(TransferPlan plan, Function<ConnectionSpec, Database> databases, Transforms transforms, Path stateDir,
                     TransferListener listener, Predicate<ConnectionSpec> protectedTarget, TargetBackups backups) {
        this.plan = plan;
        this.databases = databases;
        this.transforms = transforms;
        this.stateDir = stateDir;
        this.listener = listener;
        this.protectedTarget = protectedTarget;
        this.backups = backups;
    }

    public TransferPlan plan() {
        return plan;
    }

    /** The entities in the order they run, with row counts; moves nothing. */
    public PlanDescription describe() {
        Database source = databases.apply(plan.source());
        Database target = databases.apply(plan.target());
        TransferRunner runner = new TransferRunner(plan, source, target, transforms, listener);
        try (Connection src = source.connect("ferry transfer plan"); Connection tgt = target.connect("ferry transfer plan")) {
            List<EntityJob> jobs = runner.prepare(src, tgt);
            List<PlanDescription.Step> steps = new ArrayList<>();
            List<PlanDescription.SecondPass> passes = new ArrayList<>();
            int order = 1;
            for (EntityJob j : jobs) {
                long selected = Catalogs.count(src, j.query().count());
                if (j.secondPass()) {
                    Dependency filled = j.filled();
                    EntityJob entity = jobs.stream().filter(e -> e.name().equals(j.plan().updates())).findFirst().orElseThrow();
                    String reason = entity.dependencies().stream().filter(d -> filled.column().equals(d.column()) && d.deferred())
                            .map(Dependency::deferredBecause).findFirst().orElse("");
                    passes.add(new PlanDescription.SecondPass(j.name(), j.plan().updates(), filled.column(), filled.parent(), reason, selected));
                    continue;
                }
                long filtered = TransferRunner.filtered(src, source.dialect(), j, selected);
                long targetRows = Catalogs.count(tgt, "SELECT COUNT(*) FROM " + j.target().quoted(target.dialect()));
                steps.add(new PlanDescription.Step(order++, j.name(), sourceText(src, source.dialect(), j),
                        j.target().toString(), j.plan().mode().name().toLowerCase(java.util.Locale.ROOT),
                        String.join(", ", j.plan().keyColumns()) + " -> "
                                + (j.plan().keyTargets().isEmpty() ? "(generated)" : String.join(", ", j.plan().keyTargets())) + " ("
                                + j.plan().keyStrategy().name().toLowerCase(java.util.Locale.ROOT) + ")",
                        List.copyOf(j.dependsOn()), selected, filtered, targetRows, j.plan().split(), j.plan().idMap(),
                        j.plan().deferConstraints(), j.plan().references().stream().map(r -> r.target() + " -> " + r.entity()).toList(),
                        j.dependencies().stream().map(d -> new PlanDescription.Edge(d.parent(), d.column(), d.origin().label(), d.deferred()))
                                .toList()));
            }
            return new PlanDescription(plan.file().toString(), source.displayUrl(), target.displayUrl(), steps, passes);
        } catch (SQLException e) {
            throw FerryException.sql("Describing the transfer plan", e);
        }
    }

    /** The entity's source table, and the partitions or inheriting tables a read of it reaches; {@code (query)} for a query. */
    private static String sourceText(Connection c, Dialect d, EntityJob j) throws SQLException {
        if (j.query().table() == null) {
            return "(query)";
        }
        TransferSql.TablesBelow below = d.transfer().tablesBelow(c, j.query().table());
        return j.plan().sourceTable() + (below == null ? "" : " (" + below.describe() + ")");
    }

    /**
     * Runs the plan, or resumes its latest unfinished run. A new run first backs up the target
     * tables it writes to when the plan says {@code backup: true}, when {@code options} ask for it,
     * and always on a protected target; a resume never does (its run has its backup, or never had one).
     */
    public TransferResult run(TransferOptions options) {
        Database source = databases.apply(plan.source());
        Database target = databases.apply(plan.target());
        EntitySelection.requested(plan, options); // unknown names are invalid input before anything is written
        if (options.dryRun()) {
            return dryRun(source, target, options);
        }
        boolean guarded = protectedTarget.test(plan.target());
        if (guarded && options.backup() == TransferOptions.PreRunBackup.SKIP) {
            throw new FerryException(dev.ferry.ErrorCode.REFUSED_FOR_SAFETY, "Refusing to transfer into " + target.displayUrl()
                    + " without a backup: the target is marked protected in ferry.yaml, so a new run always backs up its tables first. "
                    + "Drop --no-backup");
        }
        boolean backUp = guarded || options.backup() == TransferOptions.PreRunBackup.ALWAYS
                || (options.backup() == TransferOptions.PreRunBackup.AS_PLANNED && plan.backup());
        Function<List<String>, String> preRunBackup = backUp
                ? tables -> backups.backup(plan.target(), tables).toAbsolutePath().normalize().toString() : null;
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("plan", plan.file().toString());
        context.put("source", source.displayUrl());
        context.put("target", target.displayUrl());
        return RunJournal.run(stateDir, "transfer", context, journal -> {
            TransferListener logging = event -> {
                Map<String, Object> data = new LinkedHashMap<>(event.fields());
                data.put("transfer_run", event.run());
                if (event.entity() != null) {
                    data.put("entity", event.entity());
                }
                journal.event(event.name(), data);
                listener.onEvent(event);
            };
            TransferResult result = new TransferRunner(plan, source, target, transforms, logging, preRunBackup).run(options, journal);
            if (result.entities().stream().anyMatch(e -> e.rowsRejected() > 0)) {
                List<String> notes = new ArrayList<>(result.notes());
                notes.add("Rejected rows: " + writeRejectsCsv(result.runId()) + " ('ferry transfer rejects " + result.runId()
                        + "' lists them, 'ferry transfer retry " + result.runId() + "' sends them again once fixed)");
                result = new TransferResult(result.runId(), result.status(), result.resumed(), result.dryRun(), result.source(),
                        result.target(), result.durationMs(), result.rowsWritten(), result.rowsPerSecond(), result.entities(),
                        result.findings(), notes, result.backupArchive());
            }
            writeReports(result, journal.logFile());
            journal.summary(Map.of("transfer_run", result.runId()));
            return result;
        });
    }

    private TransferResult dryRun(Database source, Database target, TransferOptions options) {
        long start = System.nanoTime();
        TransferRunner runner = new TransferRunner(plan, source, target, transforms, listener);
        try (Connection src = source.connect("ferry transfer --dry-run"); Connection tgt = target.connect("ferry transfer --dry-run")) {
            List<EntityJob> jobs = runner.prepare(src, tgt);
            List<DryRunFinding> findings = DryRun.run(source, target, jobs, options.sampleRows());
            return new TransferResult(null, findings.isEmpty() ? "dry run: no problems" : "dry run: problems found", false, true,
                    source.displayUrl(), target.displayUrl(), (System.nanoTime() - start) / 1_000_000, 0, 0, List.of(), findings,
                    List.of("Sent up to " + options.sampleRows() + " rows of each entity through the plan into the target, then rolled back"), null);
        } catch (SQLException e) {
            throw FerryException.sql("Dry run", e);
        }
    }

    private void writeReports(TransferResult result, Path log) {
        Path dir = stateDir.resolve("reports");
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve(result.runId() + "-transfer.json");
            Files.writeString(json, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
            Files.writeString(dir.resolve(result.runId() + "-transfer.md"), TransferReports.markdown(result));
            HtmlReports.write(json, "transfer", result.runId(), Json.mapper().valueToTree(result), log);
        } catch (JsonProcessingException e) {
            throw FerryException.failure("Cannot render the transfer report: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw FerryException.failure("Cannot write the transfer report under " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Every run recorded in the target, oldest first. */
    public List<TransferRun> list() {
        Database target = databases.apply(plan.target());
        try (Connection c = target.connect("ferry transfer list")) {
            TransferStore store = new TransferStore(target, target.dialect().currentSchema(c));
            return store.exists(c) ? store.runs(c, null) : List.of();
        } catch (SQLException e) {
            throw FerryException.sql("Listing transfer runs", e);
        }
    }

    /** A run's committed progress; {@code runId == null} means the latest run. */
    /**
     * The batches run {@code runId} committed, numbered in the order it recorded them: the
     * checkpoints {@link #rollback} can go back to. Empty for a run recorded before batches were numbered.
     */
    public List<RunCheckpoint> checkpoints(String runId) {
        Database target = databases.apply(plan.target());
        try (Connection c = target.connect("ferry transfer status")) {
            TransferStore store = new TransferStore(target, target.dialect().currentSchema(c));
            return store.batches(c, RollbackLock.findRun(c, store, target, runId).id());
        } catch (SQLException e) {
            throw FerryException.sql("Reading the checkpoints of transfer run " + runId, e);
        }
    }

    public TransferStatus status(String runId) {
        Database target = databases.apply(plan.target());
        try (Connection c = target.connect("ferry transfer status")) {
            TransferStore store = new TransferStore(target, target.dialect().currentSchema(c));
            List<TransferRun> runs = store.exists(c) ? store.runs(c, null) : List.of();
            TransferRun run = runId == null ? (runs.isEmpty() ? null : runs.get(runs.size() - 1))
                    : runs.stream().filter(r -> r.id().equals(runId)).findFirst().orElse(null);
            if (run == null) {
                throw FerryException.invalidInput(runId == null ? "No transfer has run against " + target.displayUrl() + " yet"
                        : "There is no transfer run '" + runId + "'; 'ferry transfer list' shows the runs");
            }
            Map<String, TransferStatus.EntityProgress> byEntity = new LinkedHashMap<>();
            for (Checkpoint cp : store.checkpoints(c, run.id())) {
                TransferStatus.EntityProgress p = byEntity.get(cp.entity());
                if (p == null) {
                    p = new TransferStatus.EntityProgress(cp.entity(), cp.status(), 0, 0, 0, 0, 0, cp.lastKey());
                }
                String status = p.status().equals(cp.status()) ? p.status() : Checkpoint.RUNNING;
                byEntity.put(cp.entity(), new TransferStatus.EntityProgress(cp.entity(), status, p.slices() + 1,
                        p.rowsRead() + cp.rowsRead(), p.rowsWritten() + cp.rowsWritten(), p.rowsRejected() + cp.rowsRejected(),
                        p.batches() + cp.batches(), cp.lastKey()));
            }
            List<TransferStatus.EntityProgress> ordered = new ArrayList<>();
            for (var e : plan.entities()) {
                if (byEntity.containsKey(e.name())) {
                    ordered.add(byEntity.remove(e.name()));
                }
            }
            ordered.addAll(byEntity.values());
            return new TransferStatus(run, ordered, store.unrestored(c, run.id()));
        } catch (SQLException e) {
            throw FerryException.sql("Reading transfer status", e);
        }
    }

    /**
     * Streams a run's rejected rows that match {@code filter} to {@code sink}, oldest first, never
     * holding them all. An unknown run or entity, or a filter that matches no row, is invalid
     * input, before any row reaches the sink.
     */
    public RejectListing rejects(String runId, RejectFilter filter, java.util.function.Consumer<RejectedRow> sink) {
        Database target = databases.apply(plan.target());
        if (filter.entity() != null && plan.entities().stream().noneMatch(e -> e.name().equals(filter.entity()))
                && !EntityJob.isSecondPass(filter.entity())) {
            throw FerryException.invalidInput("--entity: the plan defines no entity '" + filter.entity() + "'; it defines: "
                    + String.join(", ", plan.entities().stream().map(e -> e.name()).toList()));
        }
        try (Connection c = target.connect("ferry transfer rejects")) {
            TransferStore store = new TransferStore(target, target.dialect().currentSchema(c));
            RollbackLock.findRun(c, store, target, runId);
            long rows = store.countRejects(c, runId, filter);
            if (rows == 0 && filter.any()) {
                throw FerryException.invalidInput("No rejected row of run " + runId + " matches " + filter.describe()
                        + " ('ferry transfer rejects " + runId + "' lists them all)");
            }
            c.setAutoCommit(false); // PostgreSQL reads through a cursor only inside a transaction
            try {
                store.rejects(c, runId, filter, sink);
            } finally {
                c.rollback();
            }
            return new RejectListing(runId, filter, rows);
        } catch (SQLException e) {
            throw FerryException.sql("Listing the rejected rows of run " + runId, e);
        }
    }

    /**
     * Sends the rejected rows of completed run {@code runId} through the plan again (after the
     * source or the plan was fixed): rows that land leave the rejects, in the same transaction as
     * their write; the others keep their rejects with the reason of this attempt. Running it again
     * after an interruption continues it. Rewrites the run's rejects CSV.
     */
    public TransferRetryResult retry(String runId) {
        Database source = databases.apply(plan.source());
        Database target = databases.apply(plan.target());
        TransferRun run;
        try (Connection c = target.connect("ferry transfer retry")) {
            run = RollbackLock.findRun(c, new TransferStore(target, target.dialect().currentSchema(c)), target, runId);
        } catch (SQLException e) {
            throw FerryException.sql("Reading transfer run " + runId, e);
        }
        RejectRetry.requireCompleted(run);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("transfer_run", runId);
        context.put("plan", plan.file().toString());
        context.put("source", source.displayUrl());
        context.put("target", target.displayUrl());
        return RunJournal.run(stateDir, "transfer-retry", context, journal -> {
            TransferListener logging = event -> {
                journal.event(event.name(), new LinkedHashMap<>(event.fields()));
                listener.onEvent(event);
            };
            List<String> notes = new ArrayList<>();
            if (!plan.checksum().equals(run.planChecksum())) {
                notes.add("The plan changed since run " + runId + "; the rows were mapped by the current plan");
            }
            List<TransferRetryResult.Entity> entities;
            try (Connection src = source.connect("ferry transfer retry (plan)"); Connection tgt = target.connect("ferry transfer retry " + runId)) {
                List<EntityJob> jobs = new TransferRunner(plan, source, target, transforms, logging).prepare(src, tgt);
                String schema = target.dialect().currentSchema(tgt);
                TransferStore store = new TransferStore(target, schema);
                store.create(tgt);
                entities = RollbackLock.holding(target, runId, schema, () -> new RejectRetry(source, target, logging).retry(tgt, store, runId, jobs));
            } catch (SQLException e) {
                throw FerryException.sql("Retrying the rejected rows of run " + runId
                        + " (rows already landed stay landed; run the retry again to continue)", e);
            }
            long left = entities.stream().mapToLong(TransferRetryResult.Entity::stillRejected).sum();
            String csv = left == 0 ? deleteRejectsCsv(runId) : writeRejectsCsv(runId);
            if (entities.isEmpty()) {
                notes.add("Run " + runId + " has no rejected rows; nothing to retry");
            }
            TransferRetryResult result = new TransferRetryResult(runId, entities, notes, csv);
            journal.report(result);
            journal.summary(Map.of("transfer_run", runId, "rows_landed", result.landed(), "rows_still_rejected", left));
            return result;
        });
    }

    /** Writes the run's rejects, as {@code transfer rejects --csv} lists them, beside its reports; returns the file. */
    private String writeRejectsCsv(String runId) {
        Path file = rejectsCsv(runId);
        try {
            Files.createDirectories(file.getParent());
            try (java.io.Writer w = Files.newBufferedWriter(file)) {
                rejects(runId, RejectFilter.ALL, new RejectsCsv(w));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw FerryException.failure("Cannot write the rejected rows to " + file + ": " + e.getMessage(), e);
        }
        return file.toString();
    }

    private String deleteRejectsCsv(String runId) {
        try {
            Files.deleteIfExists(rejectsCsv(runId));
        } catch (IOException e) {
            throw FerryException.failure("Cannot delete " + rejectsCsv(runId) + ": " + e.getMessage(), e);
        }
        return null;
    }

    private Path rejectsCsv(String runId) {
        return stateDir.resolve("reports").resolve(runId + "-rejects.csv");
    }

    /** Up to {@code limit} of the rows run {@code runId} rejected, with their reasons; none before any run. */
    public List<RejectedRow> rejects(String runId, int limit) {
        Database target = databases.apply(plan.target());
        try (Connection c = target.connect("ferry transfer rejects")) {
            TransferStore store = new TransferStore(target, target.dialect().currentSchema(c));
            return store.exists(c) ? store.rejects(c, runId, limit) : List.of();
        } catch (SQLException e) {
            throw FerryException.sql("Reading the rejected rows of transfer run " + runId, e);
        }
    }

    /** The report of a finished run: the one this machine wrote if there is one, else rebuilt from the target's records. */
    public String report(String runId, String format) {
        Path json = stateDir.resolve("reports").resolve(runId + "-transfer.json");
        if (Files.isRegularFile(json)) {
            try {
                String text = Files.readString(json);
                return format.equals("json") ? text : TransferReports.markdown(Json.mapper().readValue(text, TransferResult.class));
            } catch (IOException e) {
                throw FerryException.failure("Cannot read " + json + ": " + e.getMessage(), e);
            }
        }
        TransferStatus s = status(runId);
        List<EntityReport> entities = s.entities().stream().map(p -> new EntityReport(p.entity(), "", "", p.status(), p.rowsRead(),
                p.rowsWritten(), p.rowsRejected(), 0, 0, 0, p.batches(), 0, 0, 0, 0, List.of())).toList();
        TransferResult r = new TransferResult(s.run().id(), s.run().status(), false, false, s.run().source(), "", 0,
                entities.stream().mapToLong(EntityReport::rowsWritten).sum(), 0, entities, List.of(),
                List.of("Rebuilt from the target's checkpoints; timings are in the report of the machine that ran it"), s.run().backupArchive());
        try {
            return format.equals("json") ? Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(r) : TransferReports.markdown(r);
        } catch (JsonProcessingException e) {
            throw FerryException.failure("Cannot render the report", e);
        }
    }

    /**
     * Removes exactly the rows run {@code runId} wrote into the target, children before parents,
     * in batches, and marks the run rolled back; running it again after an interruption continues
     * it. {@code options.dryRun()} only counts. Refused on a protected target without
     * {@code options.confirmed()}, and for entities whose changes cannot be told apart or undone.
     * With {@code options.fromBackup()} the run's target tables are restored from its pre-run
     * backup instead (confirmation needed on every target); a run without one is refused.
     * With {@code options.toCheckpoint()} only the rows of the run's batches after that one go
     * (confirmation needed on every target) and the run is left failed, resumable from there.
     */
    public TransferRollbackResult rollback(String runId, TransferRollbackOptions options) {
        Database target = databases.apply(plan.target());
        TransferRollback rollback = new TransferRollback(plan, target);
        BackupRollback fromBackup = new BackupRollback(plan, target, backups);
        if (options.dryRun()) {
            return options.fromBackup() ? fromBackup.run(runId, true, null) : rollback.run(runId, options, null);
        }
        if (options.fromBackup()) {
            fromBackup.run(runId, true, null); // a run without a usable backup is invalid input, whatever the confirmation
        }
        if (options.toCheckpoint() != null) {
            rollback.run(runId, options.withDryRun(true), null); // an unknown checkpoint is invalid input, whatever the confirmation
            if (!options.confirmed()) {
                throw new FerryException(dev.ferry.ErrorCode.REFUSED_FOR_SAFETY, "Refusing to roll back transfer run " + runId
                        + " to checkpoint " + options.toCheckpoint() + " without confirmation: it removes every row the run wrote after "
                        + "that checkpoint from " + target.displayUrl() + ". Add --confirm; --dry-run shows what goes. Nothing was changed");
            }
        }
        if (protectedTarget.test(plan.target()) && !options.confirmed()) {
            throw new FerryException(dev.ferry.ErrorCode.REFUSED_FOR_SAFETY, "Refusing to roll back transfer run " + runId + " in "
                    + target.displayUrl() + " without --confirm: the target is marked protected in ferry.yaml");
        }
        if (options.fromBackup() && !options.confirmed()) {
            throw new FerryException(dev.ferry.ErrorCode.REFUSED_FOR_SAFETY, "Refusing to roll back transfer run " + runId
                    + " from its backup without confirmation: the restore replaces the whole content of the run's target tables in "
                    + target.displayUrl() + ", rows written since by anyone included. Add --confirm; --dry-run shows the tables. Nothing was changed");
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("transfer_run", runId);
        context.put("target", target.displayUrl());
        context.put("preserve_data", options.preserveData());
        context.put("from_backup", options.fromBackup());
        if (options.toCheckpoint() != null) {
            context.put("to_checkpoint", options.toCheckpoint());
        }
        return RunJournal.run(stateDir, "transfer-rollback", context, journal -> {
            TransferRollbackResult result = options.fromBackup() ? fromBackup.run(runId, false, journal)
                    : rollback.run(runId, options, journal);
            journal.report(result);
            journal.summary(Map.of("transfer_status", result.status(), "rows_removed", result.rowsRemoved()));
            return result;
        });
    }
}
