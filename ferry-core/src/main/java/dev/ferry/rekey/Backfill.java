package dev.ferry.rekey;

import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import dev.ferry.run.RunJournal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fills the UUID columns of the rows present when the backfill began, in key order and batches,
 * each batch committed together with its checkpoint. Rows written later get their UUIDs from the
 * trigger, so the backfill has a fixed end however fast the application inserts.
 */
final class Backfill {
    /** What one table's backfill did in this run. */
    record Outcome(long rows, int batches, int lockRetries) {
    }

    private final Connection c;
    private final Dialect dialect;
    private final RekeyState state;
    private final RekeyPlan plan;
    private final RunJournal journal;
    private final DdlRunner locks;

    /** @param locks where each batch's time under its row locks is recorded with the phase's other statements */
    Backfill(Connection c, Dialect dialect, RekeyState state, RekeyPlan plan, RunJournal journal, DdlRunner locks) {
        this.c = c;
        this.dialect = dialect;
        this.state = state;
        this.plan = plan;
        this.journal = journal;
        this.locks = locks;
    }

    Outcome run(RekeyModel.Keyed t, RekeyState.Row row) throws SQLException {
        TableRef ref = t.ref();
        String key = dialect.quote(t.plan().key());
        String update = dialect.rekey().backfillBatch(ref, t.sync());
        String boundary = "SELECT max(" + key + ") FROM (SELECT " + key + " FROM " + ref.quoted(dialect) + " WHERE " + key + " > ? AND "
                + key + " <= ? ORDER BY " + key + " LIMIT " + plan.batch() + ") s";
        long upto = row.backfillUpto() == null ? Long.MIN_VALUE : row.backfillUpto();
        long from = row.backfillDoneTo() == null ? Long.MIN_VALUE : row.backfillDoneTo();
        long started = System.nanoTime();
        long rows = 0;
        int batches = 0;
        int retries = 0;
        long longestBatchMs = 0;
        boolean autoCommit = c.getAutoCommit();
        try {
            while (from < upto) {
                Long to = nextBoundary(boundary, from, upto);
                if (to == null) {
                    break;
                }
                int attempt = 0;
                while (true) {
                    long batchStarted = System.nanoTime();
                    try {
                        rows += batch(update, t.plan().table(), from, to);
                    } catch (SQLException e) {
                        c.rollback();
                        if (!(dialect.rekey().isLockTimeout(e) || dialect.isTransient(e)) || attempt >= plan.retries()) {
                            throw e;
                        }
                        attempt++;
                        retries++;
                        journal.event("lock_retry", Map.of("table", ref.toString(), "batch_from", from, "attempt", attempt));
                        DdlRunner.sleep(Duration.ofMillis(200L * attempt));
                        continue;
                    }
                    long heldMs = (System.nanoTime() - batchStarted) / 1_000_000;
                    longestBatchMs = Math.max(longestBatchMs, heldMs);
                    locks.held("backfill batch of " + ref + ", keys " + (from == Long.MIN_VALUE ? "up to " + to : "(" + from + ", " + to + "]"),
                            heldMs, true);
                    break;
                }
                from = to;
                batches++;
                throttle(rows, started);
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("table", ref.toString());
        fields.put("rows", rows);
        fields.put("batches", batches);
        fields.put("lock_retries", retries);
        fields.put("longest_batch_ms", longestBatchMs);
        fields.put("duration_ms", (System.nanoTime() - started) / 1_000_000);
        journal.event("backfill_finished", fields);
        return new Outcome(rows, batches, retries);
    }

    private Long nextBoundary(String sql, long from, long upto) throws SQLException {
        c.setAutoCommit(true);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, from);
            ps.setLong(2, upto);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? null : v;
            }
        }
    }

    private long batch(String update, String table, long from, long to) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute(dialect.rekey().backfillTransaction(plan.lockTimeout()));
        }
        long n;
        try (PreparedStatement ps = c.prepareStatement(update)) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            n = ps.executeUpdate();
        }
        state.checkpoint(c, table, to, n);
        c.commit();
        return n;
    }

    /** Sleeps as long as needed to stay at or below the plan's rows per second. */
    private void throttle(long rows, long startedNanos) {
        if (plan.rate() <= 0) {
            return;
        }
        long dueMillis = rows * 1000L / plan.rate();
        long elapsedMillis = (System.nanoTime() - startedNanos) / 1_000_000;
        if (dueMillis > elapsedMillis) {
            DdlRunner.sleep(Duration.ofMillis(dueMillis - elapsedMillis));
        }
    }

}
