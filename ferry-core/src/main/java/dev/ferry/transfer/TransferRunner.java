package dev.ferry.transfer;

import dev.ferry.transfer.plan.PlanChecker;
import dev.ferry.transfer.plan.EntityJob;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.Futures;
import dev.ferry.db.Catalogs;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.Transactions;
import dev.ferry.run.RunJournal;
import dev.ferry.transfer.plan.EntityMode;
import dev.ferry.transfer.plan.TransferPlan;
import dev.ferry.transfer.transform.Transforms;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs a checked plan: starts or resumes a run, schedules entities in dependency order with
 * their slices in parallel, and reports. Entities whose parents are done start while others are
 * still running.
 */
final class TransferRunner {
    /**
     * What may wait between a slice's reader and writer: one batch of the largest size. The reader
     * only needs to stay one batch ahead; more waiting batches were live data the collector copied
     * again and again (over 100 MB with two slices) without making the transfer faster.
     */
    private static final long QUEUE_BYTES_PER_SLICE = SliceWorker.MAX_BATCH_BYTES;
    private static final long AUTO_SPLIT_ROWS = 100_000;

    private final TransferPlan plan;
    private final Database source;
    private final Database target;
    private final Transforms transforms;
    private final TransferListener listener;
    private final Function<List<String>, String> preRunBackup;

    TransferRunner(TransferPlan plan, Database source, Database target, Transforms transforms, TransferListener listener) {
        this(plan, source, target, transforms, listener, null);
    }

    /** @param preRunBackup backs up target tables and returns the archive; {@code null} when a new run takes no backup */
    TransferRunner(TransferPlan plan, Database source, Database target, Transforms transforms, TransferListener listener,
                   Function<List<String>, String> preRunBackup) {
        this.plan = plan;
        this.source = source;
        this.target = target;
        this.transforms = transforms;
        this.listener = listener;
        this.preRunBackup = preRunBackup;
    }

    /** Checks the plan against both databases and returns the jobs in dependency order. */
    List<EntityJob> prepare(Connection src, Connection tgt) throws SQLException {
        return PlanChecker.compile(plan, transforms, src, source.dialect(), tgt, target.dialect());
    }

    TransferResult run(TransferOptions options, RunJournal journal) {
        long started = System.nanoTime();
        List<String> notes = new ArrayList<>();
        try (Connection src = source.connect("ferry transfer (plan)"); Connection tgt = target.connect("ferry transfer (control)")) {
            List<EntityJob> all = prepare(src, tgt);
            List<EntityJob> jobs = EntitySelection.select(all, EntitySelection.requested(plan, options), options.only(), tgt,
                    target.dialect(), notes);
            TransferStore store = new TransferStore(target, target.dialect().currentSchema(tgt));
            store.create(tgt);
            Map<String, Long> expected = expectedRows(src, jobs);
            int threads = options.maxConcurrency() != null ? Math.max(1, options.maxConcurrency()) : Runtime.getRuntime().availableProcessors();
            RunChoice choice = chooseRun(store, tgt, jobs, options, notes, journal, expected, threads);
            Map<String, Long> filtered = new HashMap<>();
            for (EntityJob j : jobs) {
                filtered.put(j.name(), filtered(src, source.dialect(), j, expected.getOrDefault(j.name(), 0L)));
            }
            Map<String, EntityJob> byName = new LinkedHashMap<>();
            all.forEach(j -> byName.put(j.name(), j));
            RunContext ctx = new RunContext(choice.runId, source, target, store, plan.settings(), listener, options.batchSize(),
                    QUEUE_BYTES_PER_SLICE, byName);
            ctx.emit(new TransferEvent.RunStarted(Instant.now(), choice.runId, choice.resumed, jobs.stream().map(EntityJob::name).toList(),
                    expected));
            ConstraintDeferral deferral = new ConstraintDeferral(target, store, choice.runId, listener);
            deferral.deferIfAsked(jobs, UniqueSourceKeys.of(src, source.dialect(), jobs));
            Map<String, SliceStats> stats;
            Map<String, Long> durations = new HashMap<>();
            try {
                stats = execute(ctx, jobs, threads, durations, options.batchSize(), new RowAccounting(expected, filtered), deferral);
                deferral.restore();
                refreshStatistics(store, jobs);
                store.finishRun(tgt, choice.runId, TransferRun.COMPLETED, null);
                ctx.emit(new TransferEvent.RunFinished(Instant.now(), choice.runId, TransferRun.COMPLETED));
            } catch (RuntimeException e) {
                ctx.stopping.set(true);
                String error = e.getMessage();
                try {
                    store.finishRun(tgt, choice.runId, TransferRun.FAILED, error);
                } catch (SQLException ignored) {
                    // The run stays "running"; a resume treats both the same.
                }
                ctx.emit(new TransferEvent.RunFailed(Instant.now(), choice.runId, String.valueOf(error)));
                throw e;
            }
            List<EntityReport> reports = reports(store, tgt, choice.runId, jobs, stats, filtered, durations);
            long ms = Math.max(1, (System.nanoTime() - started) / 1_000_000);
            long written = reports.stream().mapToLong(EntityReport::rowsWritten).sum();
            long thisProcess = stats.values().stream().mapToLong(s -> s.written).sum();
            return new TransferResult(choice.runId, TransferRun.COMPLETED, choice.resumed, false, source.displayUrl(), target.displayUrl(),
                    ms, written, thisProcess * 1000 / ms, reports, List.of(), notes, choice.backupArchive);
        } catch (SQLException e) {
            throw FerryException.sql("Transfer", e);
        }
    }

    private record RunChoice(String runId, boolean resumed, String backupArchive) {
    }

    /**
     * Updates the planner statistics of the tables the run filled: the database knew them empty,
     * and joins over millions of fresh rows (verification's, the application's) would be planned
     * as if they still were until autovacuum gets round to them. A table's sample costs about the
     * same at any size, so the tables are analyzed side by side, one connection per core.
     */
    private void refreshStatistics(TransferStore store, List<EntityJob> jobs) {
        Dialect d = store.dialect();
        List<String> tables = new ArrayList<>(jobs.stream().map(j -> j.target().quoted(d)).distinct().toList());
        tables.add(store.table(TransferStore.ID_MAP));
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(tables.size(), Runtime.getRuntime().availableProcessors()));
        try {
            List<CompletableFuture<Void>> analyzed = new ArrayList<>();
            for (String table : tables) {
                analyzed.add(CompletableFuture.runAsync(() -> {
                    try (Connection c = target.connect("ferry transfer (statistics)"); java.sql.Statement st = c.createStatement()) {
                        st.execute(d.transfer().analyze(table));
                    } catch (SQLException e) {
                        throw FerryException.sql("Refreshing the statistics of " + table, e);
                    }
                }, pool));
            }
            Futures.join(CompletableFuture.allOf(analyzed.toArray(CompletableFuture[]::new)));
        } finally {
            pool.shutdownNow();
        }
    }

    private RunChoice chooseRun(TransferStore store, Connection tgt, List<EntityJob> jobs, TransferOptions options, List<String> notes,
                                RunJournal journal, Map<String, Long> expected, int threads) throws SQLException {
        String newRunId = journal.runId();
        List<TransferRun> runs = store.runs(tgt, null);
        if (options.resume() != null) {
            TransferRun run = runs.stream().filter(r -> r.id().equals(options.resume())).findFirst()
                    .orElseThrow(() -> FerryException.invalidInput("There is no transfer run '" + options.resume() + "' in " + target.displayUrl()
                            + "; 'ferry transfer list' shows the runs"));
            if (run.finished()) {
                throw FerryException.invalidInput("Run " + run.id() + " is " + run.status() + "; there is nothing to resume");
            }
            refuseWhileRollingBack(run);
            return resume(store, tgt, run, notes);
        }
        TransferRun unfinished = null;
        for (TransferRun r : runs) {
            if (!r.finished()) {
                unfinished = r;
            }
        }
        String archive = null;
        if (options.fresh()) {
            archive = backUp(jobs, notes, journal);
            fresh(store, tgt, jobs, runs, notes, newRunId);
        } else if (unfinished != null) {
            refuseWhileRollingBack(unfinished);
            if (!plan.checksum().equals(unfinished.planChecksum())) {
                throw FerryException.invalidInput("Run " + unfinished.id() + " did not finish, and the plan changed since it started. "
                        + "Resume it anyway with --resume " + unfinished.id() + ", or start over with --fresh");
            }
            return resume(store, tgt, unfinished, notes);
        } else {
            requireEmptyTargets(tgt, jobs, runs);
            archive = backUp(jobs, notes, journal);
        }
        store.insertRun(tgt, new TransferRun(newRunId, plan.file().toString(), plan.checksum(), TransferRun.RUNNING, Instant.now(), null,
                source.displayUrl(), System.getProperty("user.name"), null, archive));
        for (EntityJob job : jobs) {
            for (Checkpoint cp : slices(job, newRunId, expected.getOrDefault(job.name(), 0L), threads)) {
                store.insertCheckpoint(tgt, cp);
            }
        }
        return new RunChoice(newRunId, false, archive);
    }

    /** The pre-run backup of the tables a new run writes to, before anything is written; a failure stops the run before it starts. */
    private String backUp(List<EntityJob> jobs, List<String> notes, RunJournal journal) {
        if (preRunBackup == null) {
            return null;
        }
        List<String> tables = jobs.stream().map(j -> j.target().toString()).distinct().toList();
        String archive;
        try {
            archive = preRunBackup.apply(tables);
        } catch (FerryException e) {
            throw new FerryException(e.code(), "The backup of the target tables taken before a transfer run failed, so the run did not "
                    + "start and nothing was written: " + e.getMessage() + (e.code() == ErrorCode.REFUSED_FOR_SAFETY ? ""
                    : ". Fix the cause and run again" + (plan.backup() ? ", or pass --no-backup to run without it" : "")), e);
        }
        journal.event("pre_run_backup", Map.of("archive", archive, "tables", tables));
        notes.add("Backed up " + String.join(", ", tables) + " to " + archive + " before writing");
        return archive;
    }

    private static void refuseWhileRollingBack(TransferRun run) {
        if (TransferRun.ROLLING_BACK.equals(run.status())) {
            throw FerryException.invalidInput("Run " + run.id() + " is being rolled back and the rollback has not finished; "
                    + "finish it with 'ferry transfer rollback " + run.id() + "' before transferring again");
        }
    }

    private RunChoice resume(TransferStore store, Connection tgt, TransferRun run, List<String> notes) throws SQLException {
        store.markRunning(tgt, run.id());
        notes.add("Resuming run " + run.id() + " (started " + run.startedAt() + ") after its last committed batch"
                + (run.backupArchive() == null ? "" : "; its pre-run backup is " + run.backupArchive()));
        return new RunChoice(run.id(), true, run.backupArchive());
    }

    private void requireEmptyTargets(Connection tgt, List<EntityJob> jobs, List<TransferRun> runs) throws SQLException {
        for (EntityJob job : jobs) {
            if (job.plan().mode() != EntityMode.INSERT) {
                continue;
            }
            long n = countRows(tgt, job.target().quoted(target.dialect()));
            if (n > 0) {
                TransferRun last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
                if (last != null && TransferRun.COMPLETED.equals(last.status())) {
                    throw FerryException.invalidInput("Target table " + job.target() + " already holds " + n + " rows: run " + last.id()
                            + " of this transfer completed" + (last.finishedAt() == null ? "" : " at " + last.finishedAt())
                            + ", so there is nothing left to do ('ferry transfer report " + last.id() + "' shows what it did). "
                            + "To transfer everything again, start over with --fresh (deletes the rows of the plan's target tables first)");
                }
                String from = last == null ? "not written by Ferry" : "written by an earlier run (" + last.id() + ", " + last.status() + ")";
                throw FerryException.invalidInput("Target table " + job.target() + " already holds " + n + " rows, " + from
                        + ". Start over with --fresh (deletes the rows of the plan's target tables first), or transfer into an empty target");
            }
        }
    }

    /** Empties the target tables, children first, telling the listener each table as it is emptied (a table may take long). */
    private void fresh(TransferStore store, Connection tgt, List<EntityJob> jobs, List<TransferRun> runs, List<String> notes, String runId)
            throws SQLException {
        long[] deleted = new long[2];
        Transactions.run(tgt, "Transfer", () -> {
            for (int i = jobs.size() - 1; i >= 0; i--) {
                EntityJob job = jobs.get(i);
                if (job.secondPass()) {
                    // Comes after its entity and its parent: emptied first, so the rows of a cycle can go.
                    try (PreparedStatement ps = tgt.prepareStatement("UPDATE " + job.target().quoted(target.dialect()) + " SET "
                            + target.dialect().quote(job.filled().column()) + " = NULL")) {
                        ps.executeUpdate();
                    }
                }
                if (job.plan().mode() != EntityMode.INSERT) {
                    continue;
                }
                try (PreparedStatement ps = tgt.prepareStatement("DELETE FROM " + job.target().quoted(target.dialect()))) {
                    int n = ps.executeUpdate();
                    deleted[0]++;
                    deleted[1] += n;
                    listener.onEvent(new TransferEvent.TargetEmptied(Instant.now(), runId, job.name(), job.target().toString(), n));
                }
                store.deleteFor(tgt, TransferStore.ID_MAP, "entity", job.name());
                store.deleteFor(tgt, TransferStore.REJECTS, "entity", job.name());
            }
            for (TransferRun r : runs) {
                if (!r.finished()) {
                    store.finishRun(tgt, r.id(), TransferRun.ABANDONED, "abandoned by --fresh");
                    notes.add("--fresh: abandoned unfinished run " + r.id());
                } else if (TransferRun.COMPLETED.equals(r.status())) {
                    store.setStatusOnly(tgt, r.id(), TransferRun.DELETED_BY_FRESH);
                    notes.add("--fresh: the rows of completed run " + r.id() + " are deleted; 'transfer list' shows it as "
                            + TransferRun.DELETED_BY_FRESH);
                }
            }
        });
        notes.add("--fresh: deleted " + deleted[1] + " rows from " + deleted[0] + " target table(s)");
        // An abandoned run may have left keys, indexes and foreign keys set aside: back on the emptied tables, cheaply.
        for (TransferRun r : runs) {
            if (!r.finished()) {
                new ConstraintDeferral(target, store, r.id(), listener).restore();
            }
        }
    }

    /**
     * The key ranges of an entity (integer keys only): as many as the plan says, or, when it says
     * nothing, one per worker thread for entities of {@value #AUTO_SPLIT_ROWS} rows or more.
     */
    private List<Checkpoint> slices(EntityJob job, String runId, long rows, int threads) throws SQLException {
        int n = job.plan().split() > 0 ? job.plan().split() : rows >= AUTO_SPLIT_ROWS ? threads : 1;
        if (n <= 1 || !job.integerKey()) {
            return List.of(new Checkpoint(runId, job.name(), 0, null, null, null, 0, 0, 0, 0, Checkpoint.PENDING));
        }
        long min;
        long max;
        try (Connection c = source.connect("ferry transfer (ranges)"); PreparedStatement ps = c.prepareStatement(job.query().keyBounds());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            min = rs.getLong(1);
            if (rs.wasNull()) {
                return List.of(new Checkpoint(runId, job.name(), 0, null, null, null, 0, 0, 0, 0, Checkpoint.PENDING));
            }
            max = rs.getLong(2);
        }
        return KeyRanges.split(runId, job.name(), min, max, n);
    }

    private Map<String, SliceStats> execute(RunContext ctx, List<EntityJob> jobs, int threads, Map<String, Long> durations,
                                            Integer batchSizeOverride, RowAccounting accounting, ConstraintDeferral deferral) {
        Map<String, List<Checkpoint>> pending = new LinkedHashMap<>();
        try (Connection tgt = target.connect("ferry transfer (schedule)")) {
            for (Checkpoint cp : ctx.store.checkpoints(tgt, ctx.runId)) {
                pending.computeIfAbsent(cp.entity(), k -> new ArrayList<>()).add(cp);
            }
        } catch (SQLException e) {
            throw FerryException.sql("Reading checkpoints of run " + ctx.runId, e);
        }
        Set<String> selected = new HashSet<>();
        jobs.forEach(j -> selected.add(j.name()));
        Map<String, SliceStats> stats = new LinkedHashMap<>();
        Map<String, Integer> slicesLeft = new HashMap<>();
        Map<String, Long> startedAt = new HashMap<>();
        Set<String> done = new HashSet<>();
        Set<String> started = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ferry-transfer-worker");
            t.setDaemon(true);
            return t;
        });
        CompletionService<Map.Entry<String, SliceStats>> completion = new ExecutorCompletionService<>(pool);
        int running = 0;
        try {
            while (done.size() < jobs.size()) {
                for (EntityJob job : jobs) {
                    if (started.contains(job.name())) {
                        continue;
                    }
                    boolean ready = job.dependsOn().stream().allMatch(d -> !selected.contains(d) || done.contains(d));
                    if (!ready) {
                        continue;
                    }
                    started.add(job.name());
                    stats.put(job.name(), new SliceStats());
                    List<Checkpoint> cps = pending.getOrDefault(job.name(), List.of());
                    List<Checkpoint> open = cps.stream().filter(c -> !c.done()).toList();
                    ctx.emit(new TransferEvent.EntityStarted(Instant.now(), ctx.runId, job.name(), cps.size(),
                            cps.stream().mapToLong(Checkpoint::rowsRead).sum()));
                    startedAt.put(job.name(), System.nanoTime());
                    if (open.isEmpty()) {
                        finishEntity(ctx, job.name(), stats.get(job.name()), done, startedAt, durations, accounting, deferral);
                        continue;
                    }
                    slicesLeft.put(job.name(), open.size());
                    AtomicInteger batchSize = new AtomicInteger(batchSizeOverride != null ? batchSizeOverride : job.plan().batchSize());
                    EntityRejects rejects = new EntityRejects(job.plan().maxRejects(), accounting.sourceRows(job.name()),
                            cps.stream().mapToLong(Checkpoint::rowsRejected).sum());
                    for (Checkpoint cp : open) {
                        completion.submit(() -> Map.entry(job.name(), new SliceWorker(ctx, job, cp, batchSize, rejects).run()));
                        running++;
                    }
                }
                if (done.size() == jobs.size()) {
                    break;
                }
                if (running == 0) {
                    throw new IllegalStateException("no entity can start; dependencies outside the selection are not done");
                }
                Future<Map.Entry<String, SliceStats>> f = completion.take();
                running--;
                Map.Entry<String, SliceStats> r = f.get();
                stats.get(r.getKey()).add(r.getValue());
                if (slicesLeft.merge(r.getKey(), -1, Integer::sum) == 0) {
                    finishEntity(ctx, r.getKey(), stats.get(r.getKey()), done, startedAt, durations, accounting, deferral);
                }
            }
            return stats;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException(ErrorCode.FAILURE, "Transfer interrupted; resume it with 'ferry transfer run --resume " + ctx.runId + "'", e);
        } catch (ExecutionException e) {
            ctx.stopping.set(true);
            Throwable cause = e.getCause();
            if (cause instanceof FerryException fe) {
                throw fe;
            }
            throw new FerryException(ErrorCode.FAILURE, "Transfer failed: " + cause, cause);
        } finally {
            ctx.stopping.set(true);
            pool.shutdownNow();
        }
    }

    private static void finishEntity(RunContext ctx, String entity, SliceStats s, Set<String> done, Map<String, Long> startedAt,
                                     Map<String, Long> durations, RowAccounting accounting, ConstraintDeferral deferral) {
        accounting.check(ctx, entity);
        deferral.rebuildKeysOf(entity);
        done.add(entity);
        long ms = (System.nanoTime() - startedAt.get(entity)) / 1_000_000;
        durations.put(entity, ms);
        ctx.emit(new TransferEvent.EntityFinished(Instant.now(), ctx.runId, entity, s.read, s.written, s.rejected, ms));
    }

    private Map<String, Long> expectedRows(Connection src, List<EntityJob> jobs) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (EntityJob j : jobs) {
            out.put(j.name(), Catalogs.count(src, j.query().count()));
        }
        return out;
    }

    /** Source rows the plan's filter leaves out: all rows of the source table minus the {@code selected} ones. */
    static long filtered(Connection src, dev.ferry.db.Dialect dialect, EntityJob j, long selected) throws SQLException {
        if (j.plan().where() == null || j.plan().sourceTable() == null) {
            return 0;
        }
        String table = dev.ferry.db.TableRef.parse(j.plan().sourceTable(), dialect.currentSchema(src)).quoted(dialect);
        return countRows(src, table) - selected;
    }

    private static long countRows(Connection c, String table) throws SQLException {
        return Catalogs.count(c, "SELECT COUNT(*) FROM " + table);
    }

    private List<EntityReport> reports(TransferStore store, Connection tgt, String runId, List<EntityJob> jobs, Map<String, SliceStats> stats,
                                       Map<String, Long> filtered, Map<String, Long> durations) throws SQLException {
        Map<String, long[]> totals = new HashMap<>();
        for (Checkpoint cp : store.checkpoints(tgt, runId)) {
            long[] t = totals.computeIfAbsent(cp.entity(), k -> new long[3]);
            t[0] += cp.rowsRead();
            t[1] += cp.rowsWritten();
            t[2] += cp.rowsRejected();
        }
        List<EntityReport> out = new ArrayList<>();
        for (EntityJob j : jobs) {
            long[] t = totals.getOrDefault(j.name(), new long[3]);
            SliceStats s = stats.getOrDefault(j.name(), new SliceStats());
            long ms = durations.getOrDefault(j.name(), 0L);
            out.add(new EntityReport(j.name(), j.plan().sourceTable() != null ? j.plan().sourceTable() : "(query)", j.target().toString(),
                    Checkpoint.DONE, t[0], t[1], t[2], filtered.getOrDefault(j.name(), 0L), ms, ms == 0 ? s.written : s.written * 1000 / ms,
                    s.batches, s.retries, s.batches == 0 ? 0 : s.minBatch, s.maxBatch,
                    s.batches == 0 ? 0 : (int) (s.batchRowsTotal / s.batches), List.copyOf(j.dependsOn())));
        }
        return out;
    }
}
