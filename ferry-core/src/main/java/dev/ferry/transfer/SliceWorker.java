package dev.ferry.transfer;

import dev.ferry.transfer.plan.EntityJob;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.BulkWriter;
import dev.ferry.transfer.plan.PlanSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moves one slice (a key range) of one entity. A reader thread pages through the source in key
 * order and maps rows; this thread writes each batch to the target together with its ID-map rows,
 * its rejects and its checkpoint, in one transaction. The queue between them is bounded in bytes.
 *
 * <p>After a transient error both connections are dropped, the checkpoint is read back from the
 * target (it is the truth about what committed) and work continues from there, after a bounded
 * exponential backoff with jitter.
 */
final class SliceWorker {
    /**
     * The most a batch may weigh (as {@link Batch#bytes()} estimates it): a batch is held while it is
     * read, while it waits and while it is written, by every slice at once, so the row count alone
     * would let wide rows take the heap.
     */
    static final long MAX_BATCH_BYTES = 8L << 20;

    private final RunContext ctx;
    private final EntityJob job;
    private final Checkpoint initial;
    private final SliceStats stats = new SliceStats();
    private final AtomicInteger batchSize;
    private final EntityRejects entityRejects;
    private final BatchMapping mapping;
    private final BatchWrite batchWrite;

    SliceWorker(RunContext ctx, EntityJob job, Checkpoint checkpoint, AtomicInteger sharedBatchSize, EntityRejects entityRejects) {
        this.ctx = ctx;
        this.job = job;
        this.initial = checkpoint;
        this.batchSize = sharedBatchSize;
        this.entityRejects = entityRejects;
        this.mapping = new BatchMapping(job);
        this.batchWrite = new BatchWrite(job, ctx.target.dialect(), ctx.store, ctx.jobs);
    }

    SliceStats run() {
        int attempt = 0;
        while (true) {
            try {
                runOnce();
                return stats;
            } catch (TransientFailure t) {
                if (++attempt > ctx.settings.maxRetries()) {
                    throw new FerryException(ErrorCode.FAILURE, "Entity " + job.name() + " failed after " + ctx.settings.maxRetries()
                            + " retries: " + t.getMessage(), t.getCause());
                }
                long backoff = Math.min(10_000, 200L << Math.min(attempt, 6));
                backoff = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
                stats.retries++;
                ctx.emit(new TransferEvent.Retry(Instant.now(), ctx.runId, job.name(), initial.slice(), attempt, backoff, t.getMessage()));
                sleep(backoff);
            }
        }
    }

    private void runOnce() throws TransientFailure {
        try (Connection target = ctx.target.connect("ferry transfer " + ctx.runId + " " + job.name());
             Connection source = ctx.source.connect("ferry transfer " + ctx.runId + " " + job.name() + " (read)")) {
            Checkpoint cp = reload(target);
            if (cp.done()) {
                return;
            }
            target.setAutoCommit(false); // hand-written: each batch commits with its checkpoint, in the same transaction
            BulkWriter writer = BatchWrite.writerFor(target, ctx.target.dialect(), job);
            BulkWriter idMap = job.plan().idMap() ? ctx.store.idMapWriter(target) : null;
            target.commit();
            Semaphore budget = new Semaphore((int) Math.min(Integer.MAX_VALUE, ctx.queueBytes));
            BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(4);
            Thread reader = new Thread(() -> read(source, cp, queue, budget), "ferry-read-" + job.name() + "-" + initial.slice());
            reader.setDaemon(true);
            reader.start();
            try {
                write(target, cp, writer, idMap, queue, budget);
            } finally {
                reader.interrupt();
            }
        } catch (SQLException e) {
            throw classify(e, "connecting");
        } catch (FerryException e) {
            if (e.getCause() instanceof SQLException sql && (ctx.target.dialect().isTransient(sql) || ctx.source.dialect().isTransient(sql))) {
                throw new TransientFailure(e.getMessage(), sql);
            }
            throw e;
        }
    }

    private Checkpoint reload(Connection target) throws SQLException {
        for (Checkpoint c : ctx.store.checkpoints(target, ctx.runId)) {
            if (c.entity().equals(job.name()) && c.slice() == initial.slice()) {
                return c;
            }
        }
        throw new SQLException("checkpoint of " + job.name() + " slice " + initial.slice() + " is missing from run " + ctx.runId, "P0002");
    }

    // ---- reading -------------------------------------------------------------------------

    private void read(Connection source, Checkpoint cp, BlockingQueue<Batch> queue, Semaphore budget) {
        try {
            source.setAutoCommit(true);
            source.setReadOnly(true);
            String last = cp.lastKey();
            String rangeEnd = cp.rangeEnd();
            while (!ctx.stopping.get() && !Thread.currentThread().isInterrupted()) {
                int size = batchSize.get();
                Batch batch = readBatch(source, last, rangeEnd, size);
                if (batch.sourceRows() == 0) {
                    break;
                }
                budget.acquire((int) Math.min(batch.bytes(), ctx.queueBytes));
                queue.put(batch);
                last = batch.lastKey();
                if (batch.sourceRows() < size) {
                    break;
                }
            }
            queue.put(Batch.endOfSlice());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            try {
                queue.put(Batch.failed(e));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Reads the next rows in key order and maps them. Rows sharing a key always travel in one
     * batch, since the next batch starts after the last key and would skip the rest of a group
     * the limit cut through.
     */
    private Batch readBatch(Connection source, String after, String upTo, int size) throws SQLException {
        return mapping.map(readRows(source, after, upTo, size), after);
    }

    /**
     * Up to {@code size} source rows after {@code after}, plus the rest of the rows sharing the last
     * key when the limit cut through them (one row more is read to see whether it did).
     */
    private List<String[]> readRows(Connection source, String after, String upTo, int size) throws SQLException {
        List<String[]> read = new ArrayList<>(size + 1);
        try (PreparedStatement ps = source.prepareStatement(job.query().batch(after != null, upTo != null))) {
            int p = 1;
            if (after != null) {
                p = bindKey(ps, p, after);
            }
            if (upTo != null) {
                p = bindKey(ps, p, upTo);
            }
            ps.setInt(p, size + 1);
            ps.setFetchSize(size + 1);
            mapping.collect(ps, read);
        }
        if (read.size() <= size) {
            return read;
        }
        String[] peek = read.remove(size);
        String last = job.mapper().legacyKey(read.get(size - 1));
        if (last == null || !last.equals(job.mapper().legacyKey(peek))) {
            return read;
        }
        read.removeIf(r -> last.equals(job.mapper().legacyKey(r)));
        read.addAll(mapping.sameKey(source, last));
        return read;
    }

    private int bindKey(PreparedStatement ps, int index, String key) throws SQLException {
        return job.query().bindKey(ps, index, key, job.integerKey());
    }

    // ---- writing -------------------------------------------------------------------------

    private void write(Connection target, Checkpoint cp, BulkWriter writer, BulkWriter idMap, BlockingQueue<Batch> queue,
                       Semaphore budget) throws TransientFailure {
        while (true) {
            Batch batch;
            try {
                batch = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FerryException(ErrorCode.FAILURE, "Interrupted while transferring " + job.name(), e);
            }
            if (batch == null) {
                if (ctx.stopping.get()) {
                    return;
                }
                continue;
            }
            if (batch.failure() != null) {
                if (batch.failure() instanceof SQLException e) {
                    throw classify(e, "reading " + job.plan().sourceTable());
                }
                throw new FerryException(ErrorCode.FAILURE, "Reading " + job.name() + " failed: " + batch.failure().getMessage(), batch.failure());
            }
            if (batch.end()) {
                try {
                    ctx.store.setCheckpointStatus(target, cp, Checkpoint.DONE);
                    target.commit();
                } catch (SQLException e) {
                    throw classify(e, "finishing " + job.name());
                }
                return;
            }
            long start = System.nanoTime();
            Committed done = commit(target, cp, writer, idMap, batch);
            long ms = (System.nanoTime() - start) / 1_000_000;
            budget.release((int) Math.min(batch.bytes(), ctx.queueBytes));
            long totalRejected = entityRejects.add(done.rejected());
            stats.read += batch.sourceRows();
            stats.written += done.written();
            stats.batch(batch.sourceRows());
            ctx.emit(new TransferEvent.BatchCommitted(Instant.now(), ctx.runId, job.name(), cp.slice(), batch.sourceRows(), done.written(),
                    done.rejected(), batch.lastKey(), ms, batchSize.get()));
            adapt(ms, batch);
            if (entityRejects.exceeded()) {
                throw new FerryException(ErrorCode.FAILURE, "Entity " + job.name() + " rejected " + totalRejected + " of its "
                        + entityRejects.rows() + " rows, more than its budget (max_rejects: " + job.plan().maxRejects() + "). The rows are in ferry_rejects (run "
                        + ctx.runId + "); fix the data or the plan, then resume with 'ferry transfer run --resume " + ctx.runId + "'");
            }
        }
    }

    private record Committed(long written, int rejected) {
    }

    /** Writes one batch and its bookkeeping in one transaction. */
    private Committed commit(Connection target, Checkpoint cp, BulkWriter writer, BulkWriter idMap, Batch batch) throws TransientFailure {
        List<Reject> rejects = new ArrayList<>(batch.rejects());
        try {
            List<Integer> accepted = batchWrite.write(target, writer, batch, rejects);
            long updated = accepted.size();
            long seq = ctx.store.recordBatch(target, cp, batch.lastKey(), batch.sourceRows(), updated, rejects.size());
            if (idMap != null && !accepted.isEmpty()) {
                List<String[]> map = new ArrayList<>(accepted.size());
                for (int i : accepted) {
                    map.add(new String[] {job.name(), batch.legacyKeys().get(i), batch.newKeys().get(i), ctx.runId, Long.toString(seq)});
                }
                idMap.write(map);
            }
            ctx.store.insertRejects(target, ctx.runId, job.name(), rejects, seq);
            ctx.store.advance(target, cp, batch.lastKey(), batch.sourceRows(), updated, rejects.size(), Checkpoint.RUNNING);
            target.commit();
            stats.rejected += rejects.size();
            for (Reject r : rejects) {
                ctx.emit(new TransferEvent.RowRejected(Instant.now(), ctx.runId, job.name(), r.legacyKey(), r.error()));
            }
            return new Committed(updated, rejects.size());
        } catch (SQLException e) {
            try {
                target.rollback();
            } catch (SQLException ignored) {
                // The connection is gone; the retry opens a new one.
            }
            throw classify(e, "writing " + job.target());
        }
    }

    /** Moves the batch size towards the commit-time target, at most doubling or halving at a time. */
    private void adapt(long commitMs, Batch batch) {
        if (ctx.batchSizeOverride != null) {
            return;
        }
        int current = batchSize.get();
        long bytesPerRow = batch.sourceRows() == 0 ? 0 : batch.bytes() / batch.sourceRows();
        batchSize.compareAndSet(current, nextBatchSize(current, commitMs, ctx.settings, bytesPerRow));
    }

    /** The batch size after a commit of {@code commitMs}: scaled towards the commit-time target, at most doubled or halved, within bounds. */
    static int nextBatchSize(int current, long commitMs, PlanSettings settings) {
        return nextBatchSize(current, commitMs, settings, 0);
    }

    /**
     * The same, also kept under {@link #MAX_BATCH_BYTES} for rows of {@code bytesPerRow} (0: unknown);
     * the plan's {@code min_batch} still wins.
     */
    static int nextBatchSize(int current, long commitMs, PlanSettings settings, long bytesPerRow) {
        long target = settings.commitTarget().toMillis();
        double factor = commitMs <= 0 ? 2.0 : Math.max(0.5, Math.min(2.0, (double) target / commitMs));
        long max = bytesPerRow <= 0 ? settings.maxBatch() : Math.min(settings.maxBatch(), MAX_BATCH_BYTES / bytesPerRow);
        return (int) Math.max(settings.minBatch(), Math.min(max, current * factor));
    }

    /** A transient error becomes a retry; anything else fails the run with the SQL error wrapped once. */
    private TransientFailure classify(SQLException e, String what) {
        if (ctx.target.dialect().isTransient(e) || ctx.source.dialect().isTransient(e)) {
            return new TransientFailure(what + ": " + (e.getMessage() == null ? e.toString() : e.getMessage().strip().split("\n")[0]), e);
        }
        throw FerryException.sql("Transfer of " + job.name() + ", " + what, e);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException(ErrorCode.FAILURE, "Interrupted while waiting to retry", e);
        }
    }
}
