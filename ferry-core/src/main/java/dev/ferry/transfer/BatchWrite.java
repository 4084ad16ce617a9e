package dev.ferry.transfer;

import dev.ferry.db.BulkWriter;
import dev.ferry.db.Dialect;
import dev.ferry.transfer.plan.EntityJob;
import dev.ferry.transfer.plan.EntityMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the rows of one batch the target takes, inside the caller's transaction, and turns each
 * row it refuses into a reject with the reason and the column named: a missing parent, an update
 * with no row to update, or the database's refusal (the culprit found by the writer's error or by
 * halving). A run's slices and {@code transfer retry} write the same way.
 */
final class BatchWrite {
    private final EntityJob job;
    private final Dialect dialect;
    private final TransferStore store;
    private final MissingParents missingParents;
    private final BatchMapping mapping;

    BatchWrite(EntityJob job, Dialect dialect, TransferStore store, Map<String, EntityJob> jobs) {
        this.job = job;
        this.dialect = dialect;
        this.store = store;
        this.missingParents = new MissingParents(job, jobs);
        this.mapping = new BatchMapping(job);
    }

    /** The writer of the job's target table: inserts, or updates by key for an update entity or a second pass. */
    static BulkWriter writerFor(Connection target, Dialect dialect, EntityJob job) throws SQLException {
        if (job.plan().mode() == EntityMode.UPDATE) {
            return new UpdateWriter(target, dialect, job.target(), job.mapper().targetColumns());
        }
        return dialect.bulkWriter(target, job.target(), job.targetColumns());
    }

    /**
     * Writes the batch's rows but those refused, which are added to {@code rejects}; returns the
     * indices of the rows written. A transient error is thrown with the transaction rolled back.
     */
    List<Integer> write(Connection target, BulkWriter writer, Batch batch, List<Reject> rejects) throws SQLException {
        List<Integer> accepted = new ArrayList<>(batch.rows().size());
        for (int i = 0; i < batch.rows().size(); i++) {
            accepted.add(i);
        }
        accepted = withoutMissingParents(target, batch, accepted, rejects);
        if (writer instanceof UpdateWriter u) {
            for (int row : u.withoutTarget(batch.rows(), accepted)) {
                accepted.remove(Integer.valueOf(row));
                String reason = u.noTargetReason(batch.newKeys().get(row));
                rejects.add(reject(batch, row, job.secondPass() ? reason + " (entity " + job.plan().updates()
                        + " did not write the row, see its rejects), so there is nothing to fill" : reason, null));
            }
        }
        while (true) {
            try {
                writer.write(select(batch.rows(), accepted));
                return accepted;
            } catch (SQLException e) {
                target.rollback();
                if (dialect.isTransient(e)) {
                    throw e;
                }
                int failing = writer.failingRow(e);
                if (failing < 0 || failing >= accepted.size()) {
                    return isolate(target, writer, batch, accepted, rejects);
                }
                int row = accepted.remove(failing);
                rejects.add(reject(batch, row, e));
            }
        }
    }

    /** The accepted rows whose parents the target holds; the others rejected, or changed or failed as their reference says. */
    private List<Integer> withoutMissingParents(Connection target, Batch batch, List<Integer> accepted, List<Reject> rejects)
            throws SQLException {
        Map<Integer, MissingParents.Refusal> missing = missingParents.apply(target, dialect, store, batch, accepted);
        if (missing.isEmpty()) {
            return accepted;
        }
        missing.forEach((row, refusal) -> rejects.add(reject(batch, row, refusal.reason(), refusal.column())));
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
                if (dialect.isTransient(e)) {
                    throw e;
                }
                return e;
            }
        }, (row, e) -> rejects.add(reject(batch, row, e)));
    }

    private Reject reject(Batch batch, int row, SQLException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage().strip().split("\n")[0];
        return reject(batch, row, msg + (e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]"),
                dialect.transfer().failingColumn(e));
    }

    private Reject reject(Batch batch, int row, String reason, String column) {
        return new Reject(batch.legacyKeys().get(row), mapping.targetJson(batch.rows().get(row)), reason, column,
                mapping.sourceJson(batch.sources().get(row)));
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
}
