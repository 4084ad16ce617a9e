package dev.ferry.transfer;

import dev.ferry.transfer.plan.EntityJob;
import dev.ferry.transfer.plan.RowMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.BulkWriter;
import dev.ferry.db.Dialect;
import dev.ferry.db.TextRow;
import dev.ferry.run.Json;
import dev.ferry.transfer.plan.EntityMode;
import dev.ferry.transfer.plan.KeyTuples;
import dev.ferry.transfer.plan.PlanSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final RunContext ctx;
    private final EntityJob job;
    private final Checkpoint initial;
    private final SliceStats stats = new SliceStats();
    private final AtomicInteger batchSize;
    private final EntityRejects entityRejects;
    private final MissingParents missingParents;

    SliceWorker(RunContext ctx, EntityJob job, Checkpoint checkpoint, AtomicInteger sharedBatchSize, EntityRejects entityRejects) {
        this.ctx = ctx;
        this.job = job;
        this.initial = checkpoint;
        this.batchSize = sharedBatchSize;
        this.entityRejects = entityRejects;
        this.missingParents = new MissingParents(job, ctx.jobs);
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
            BulkWriter writer = writerFor(target);
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

    private BulkWriter writerFor(Connection target) throws SQLException {
        if (job.plan().mode() == EntityMode.UPDATE) {
            return new UpdateWriter(target, ctx.target.dialect(), job.target(), job.mapper().targetColumns());
        }
        return ctx.target.dialect().bulkWriter(target, job.target(), job.targetColumns());
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
     * Reads the next rows in key order and maps them. A key shared by several source rows (a key
     * column that is not unique) is a reject for every row after the first; rows sharing a key
     * always travel in one batch, since the next batch starts after the last key and would skip
     * the rest of a group the limit cut through.
     */
    private Batch readBatch(Connection source, String after, String upTo, int size) throws SQLException {
        List<String[]> read = readRows(source, after, upTo, size);
        List<String[]> rows = new ArrayList<>(read.size());
        List<String> legacy = new ArrayList<>(read.size());
        List<String> keys = new ArrayList<>(read.size());
        List<String[]> parentKeys = new ArrayList<>(read.size());
        List<Reject> rejects = new ArrayList<>();
        long bytes = 0;
        String lastKey = after;
        List<String> selected = job.query().selected();
        int[][] referenceColumns = job.plan().references().stream()
                .map(r -> r.fromColumns().stream().mapToInt(selected::indexOf).toArray()).toArray(int[][]::new);
        for (String[] src : read) {
            String key = job.mapper().legacyKey(src);
            if (key != null && key.equals(lastKey)) {
                rejects.add(new Reject(key, rowJson(src), "duplicate key: another source row has " + String.join(", ", job.plan().keyColumns()) + " = " + key));
                continue;
            }
            lastKey = key;
            try {
                String[] mapped = job.mapFirstPass(src);
                rows.add(mapped);
                legacy.add(key);
                keys.add(job.mapper().newKey(key));
                String[] parents = new String[referenceColumns.length];
                for (int i = 0; i < parents.length; i++) {
                    parents[i] = KeyTuples.of(src, referenceColumns[i]);
                }
                parentKeys.add(parents);
                for (String v : mapped) {
                    bytes += v == null ? 8 : 40 + 2L * v.length();
                }
            } catch (RowMapper.RowRejected r) {
                rejects.add(new Reject(key, rowJson(src), r.getMessage()));
            }
        }
        return new Batch(rows, legacy, keys, parentKeys, rejects, read.size(), lastKey, bytes, false, null);
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
            collect(ps, read);
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
        try (PreparedStatement ps = source.prepareStatement(job.query().sameKey())) {
            bindKey(ps, 1, last);
            collect(ps, read);
        }
        return read;
    }

    private void collect(PreparedStatement ps, List<String[]> into) throws SQLException {
        int columns = job.query().selected().size();
        try (ResultSet rs = ps.executeQuery()) {
            TextRow text = TextRow.of(rs);
            while (rs.next()) {
                into.add(text.read(rs, columns));
            }
        }
    }

    private int bindKey(PreparedStatement ps, int index, String key) throws SQLException {
        return job.query().bindKey(ps, index, key, job.integerKey());
    }

    private String rowJson(String[] src) {
        Map<String, String> row = new LinkedHashMap<>();
        List<String> names = job.query().selected();
        for (int i = 0; i < src.length; i++) {
            row.put(names.get(i), src[i]);
        }
        try {
            return Json.mapper().writeValueAsString(row);
        } catch (JsonProcessingException e) {
            return row.toString();
        }
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
            adapt(ms);
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
        Dialect d = ctx.target.dialect();
        List<Integer> accepted = new ArrayList<>(batch.rows().size());
        for (int i = 0; i < batch.rows().size(); i++) {
            accepted.add(i);
        }
        List<Reject> rejects = new ArrayList<>(batch.rejects());
        try {
            accepted = withoutMissingParents(target, batch, accepted, rejects);
            if (writer instanceof UpdateWriter u) {
                for (int row : u.withoutTarget(batch.rows(), accepted)) {
                    accepted.remove(Integer.valueOf(row));
                    String reason = u.noTargetReason(batch.newKeys().get(row));
                    rejects.add(reject(batch, row, job.secondPass() ? reason + " (entity " + job.plan().updates()
                            + " did not write the row, see its rejects), so there is nothing to fill" : reason));
                }
            }
            while (true) {
                try {
                    writer.write(select(batch.rows(), accepted));
                    break;
                } catch (SQLException e) {
                    target.rollback();
                    if (d.isTransient(e)) {
                        throw e;
                    }
                    int failing = writer.failingRow(e);
                    if (failing >= 0 && failing < accepted.size()) {
                        int row = accepted.remove(failing);
                        rejects.add(reject(batch, row, e));
                    } else {
                        accepted = isolate(target, writer, batch, accepted, rejects);
                        break;
                    }
                }
            }
            long updated = accepted.size();
            if (idMap != null && !accepted.isEmpty()) {
                List<String[]> map = new ArrayList<>(accepted.size());
                for (int i : accepted) {
                    map.add(new String[] {job.name(), batch.legacyKeys().get(i), batch.newKeys().get(i), ctx.runId});
                }
                idMap.write(map);
            }
            ctx.store.insertRejects(target, ctx.runId, job.name(), rejects);
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

    /** The accepted rows whose parents the target holds; the others rejected, or changed or failed as their reference says. */
    private List<Integer> withoutMissingParents(Connection target, Batch batch, List<Integer> accepted, List<Reject> rejects)
            throws SQLException {
        Map<Integer, String> missing = missingParents.apply(target, ctx.target.dialect(), ctx.store, batch, accepted);
        if (missing.isEmpty()) {
            return accepted;
        }
        missing.forEach((row, reason) -> rejects.add(reject(batch, row, reason)));
        List<Integer> kept = new ArrayList<>(accepted);
        kept.removeAll(missing.keySet());
        return kept;
    }

    /** Finds the rows the database refuses by halving, each attempt under a savepoint; writes the rest. */
    private List<Integer> isolate(Connection target, BulkWriter writer, Batch batch, List<Integer> rows, List<Reject> rejects)
            throws SQLException {
        return RowIsolation.isolate(rows, part -> {
            Savepoint sp = target.setSavepoint();
            try {
                writer.write(select(batch.rows(), part));
                target.releaseSavepoint(sp);
                return null;
            } catch (SQLException e) {
                target.rollback(sp);
                if (ctx.target.dialect().isTransient(e)) {
                    throw e;
                }
                return e;
            }
        }, (row, e) -> rejects.add(reject(batch, row, e)));
    }

    private Reject reject(Batch batch, int row, SQLException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage().strip().split("\n")[0];
        return reject(batch, row, msg + (e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]"));
    }

    private Reject reject(Batch batch, int row, String reason) {
        Map<String, String> data = new LinkedHashMap<>();
        List<String> cols = job.mapper().targetColumns();
        String[] values = batch.rows().get(row);
        for (int i = 0; i < values.length; i++) {
            data.put(cols.get(i), values[i]);
        }
        String json;
        try {
            json = Json.mapper().writeValueAsString(data);
        } catch (JsonProcessingException x) {
            json = data.toString();
        }
        return new Reject(batch.legacyKeys().get(row), json, reason);
    }

    private static List<String[]> select(List<String[]> rows, List<Integer> indices) {
        if (indices.size() == rows.size()) {
            return rows;
        }
        List<String[]> out = new ArrayList<>(indices.size());
        for (int i : indices) {
            out.add(rows.get(i));
        }
        return out;
    }

    /** Moves the batch size towards the commit-time target, at most doubling or halving at a time. */
    private void adapt(long commitMs) {
        if (ctx.batchSizeOverride != null) {
            return;
        }
        int current = batchSize.get();
        batchSize.compareAndSet(current, nextBatchSize(current, commitMs, ctx.settings));
    }

    /** The batch size after a commit of {@code commitMs}: scaled towards the commit-time target, at most doubled or halved, within bounds. */
    static int nextBatchSize(int current, long commitMs, PlanSettings settings) {
        long target = settings.commitTarget().toMillis();
        double factor = commitMs <= 0 ? 2.0 : Math.max(0.5, Math.min(2.0, (double) target / commitMs));
        return (int) Math.max(settings.minBatch(), Math.min(settings.maxBatch(), current * factor));
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
