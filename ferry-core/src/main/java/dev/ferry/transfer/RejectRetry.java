package dev.ferry.transfer;

import dev.ferry.FerryException;
import dev.ferry.db.BulkWriter;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.transfer.plan.EntityJob;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a completed run's rejected rows through the plan again, after the source or the plan was
 * fixed: each reject's source row is read again by its legacy key, mapped and written as the run
 * would have, entities in plan order so that parents land before the children that wait for them.
 *
 * <p>Each batch writes its rows, their ID-map rows, removes their rejects and moves them from
 * rejected to written in the run's checkpoints, in one transaction: a row lands once, and a retry
 * cut short is finished by running it again. A row still refused stays rejected with its reason
 * updated; a reject whose source row is gone (or already in the target) is dropped.
 */
final class RejectRetry {
    private static final int BATCH = 200;

    private final Database source;
    private final Database target;
    private final TransferListener listener;

    RejectRetry(Database source, Database target, TransferListener listener) {
        this.source = source;
        this.target = target;
        this.listener = listener;
    }

    /** Retries every entity's rejects of {@code run}; {@code jobs} are the plan's, in dependency order. */
    List<TransferRetryResult.Entity> retry(Connection tgt, TransferStore store, String runId, List<EntityJob> jobs) throws SQLException {
        Map<String, EntityJob> byName = new LinkedHashMap<>();
        jobs.forEach(j -> byName.put(j.name(), j));
        List<TransferRetryResult.Entity> out = new ArrayList<>();
        try (Connection src = source.connect("ferry transfer retry " + runId + " (read)")) {
            for (EntityJob job : jobs) {
                if (store.count(tgt, TransferStore.REJECTS, "run_id = ? AND entity = ?", runId, job.name()) > 0) {
                    out.add(retry(src, tgt, store, runId, job, byName));
                }
            }
        }
        return out;
    }

    private TransferRetryResult.Entity retry(Connection src, Connection tgt, TransferStore store, String runId, EntityJob job,
                                             Map<String, EntityJob> jobs) throws SQLException {
        Dialect d = target.dialect();
        BatchMapping mapping = new BatchMapping(job);
        BatchWrite batchWrite = new BatchWrite(job, d, store, jobs);
        tgt.setAutoCommit(false);
        try {
            BulkWriter writer = BatchWrite.writerFor(tgt, d, job);
            BulkWriter idMap = job.plan().idMap() ? store.idMapWriter(tgt) : null;
            tgt.commit();
            long[] counts = new long[4];
            long lastId = 0;
            while (true) {
                List<TransferStore.StoredReject> chunk = store.rejectsAfter(tgt, runId, job.name(), lastId, BATCH);
                if (chunk.isEmpty()) {
                    break;
                }
                lastId = chunk.get(chunk.size() - 1).id();
                retryChunk(src, tgt, store, runId, job, mapping, batchWrite, writer, idMap, chunk, counts);
            }
            return new TransferRetryResult.Entity(job.name(), counts[0], counts[1], counts[2], counts[3]);
        } catch (SQLException e) {
            tgt.rollback();
            throw e;
        } finally {
            tgt.setAutoCommit(true);
        }
    }

    /** One transaction: the chunk's rows that land, their rejects removed, and the others' reasons updated. */
    private void retryChunk(Connection src, Connection tgt, TransferStore store, String runId, EntityJob job, BatchMapping mapping,
                            BatchWrite batchWrite, BulkWriter writer, BulkWriter idMap, List<TransferStore.StoredReject> chunk,
                            long[] counts) throws SQLException {
        Map<String, Long> idByKey = new LinkedHashMap<>();
        Map<String, Long> batchByKey = new LinkedHashMap<>();
        Map<Long, Long> batchById = new LinkedHashMap<>();
        chunk.forEach(r -> batchById.put(r.id(), r.batchSeq()));
        List<Long> gone = new ArrayList<>();
        List<String[]> read = new ArrayList<>();
        for (TransferStore.StoredReject r : chunk) {
            counts[0]++;
            if (r.legacyKey() == null || idByKey.containsKey(r.legacyKey())) {
                counts[3]++; // no key to read it by, or another reject of the same key: a duplicate stays one
                continue;
            }
            List<String[]> rows = mapping.sameKey(src, r.legacyKey());
            if (rows.isEmpty() || (rows.size() == 1 && idMap != null && store.mapped(tgt, job.name(), r.legacyKey()))) {
                gone.add(r.id());
                continue;
            }
            if (rows.size() > 1) {
                counts[3]++;
                continue;
            }
            idByKey.put(r.legacyKey(), r.id());
            batchByKey.put(r.legacyKey(), r.batchSeq());
            read.add(rows.get(0));
        }
        Batch batch = mapping.map(read, null);
        List<Reject> refused = new ArrayList<>(batch.rejects());
        List<Integer> accepted = batchWrite.write(tgt, writer, batch, refused);
        if (idMap != null && !accepted.isEmpty()) {
            List<String[]> map = new ArrayList<>(accepted.size());
            for (int i : accepted) {
                // A landed row belongs to the batch that rejected it, so rolling back to a checkpoint before it removes it too.
                Long seq = batchByKey.get(batch.legacyKeys().get(i));
                map.add(new String[] {job.name(), batch.legacyKeys().get(i), batch.newKeys().get(i), runId, seq == null ? null : seq.toString()});
            }
            idMap.write(map);
        }
        List<Long> landed = new ArrayList<>();
        for (int i : accepted) {
            landed.add(idByKey.get(batch.legacyKeys().get(i)));
        }
        List<Long> removed = new ArrayList<>(landed);
        removed.addAll(gone);
        store.deleteRejects(tgt, removed);
        for (Reject r : refused) {
            store.updateReject(tgt, idByKey.get(r.legacyKey()), r);
            listener.onEvent(new TransferEvent.RowRejected(java.time.Instant.now(), runId, job.name(), r.legacyKey(), r.error()));
        }
        store.settleRejects(tgt, runId, job.name(), landed.size(), gone.size());
        store.settleBatches(tgt, landed.stream().map(batchById::get).toList(), gone.stream().map(batchById::get).toList());
        tgt.commit();
        counts[1] += landed.size();
        counts[2] += gone.size();
        counts[3] += refused.size();
    }

    /** Only a completed run's rejects are retried: an unfinished run is resumed, a rolled-back one has nothing to add to. */
    static void requireCompleted(TransferRun run) {
        if (TransferRun.COMPLETED.equals(run.status())) {
            return;
        }
        throw FerryException.invalidInput("Run " + run.id() + " is " + run.status() + "; only the rejects of a completed run can be retried"
                + (run.finished() ? "" : ". Finish it first with 'ferry transfer run --resume " + run.id() + "'"));
    }
}
