package dev.ferry.transfer;

import dev.ferry.transfer.plan.EntityJob;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.Database;
import dev.ferry.db.DeferrableObject;
import dev.ferry.db.TableRef;
import dev.ferry.transfer.plan.EntityMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code defer_constraints: true}: drops a target table's secondary indexes and foreign keys
 * before the load and rebuilds them afterwards (indexes in parallel, then foreign keys, which the
 * database validates as it adds them). What was dropped is recorded in
 * {@code ferry_transfer_deferred} in the same transaction as the drop where the database allows,
 * so a resumed run knows what still has to be rebuilt, even after a crash halfway through.
 */
final class ConstraintDeferral {
    private final Database target;
    private final TransferStore store;
    private final String runId;
    private final TransferListener listener;

    ConstraintDeferral(Database target, TransferStore store, String runId, TransferListener listener) {
        this.target = target;
        this.store = store;
        this.runId = runId;
        this.listener = listener;
    }

    void deferIfAsked(List<EntityJob> jobs) {
        try (Connection c = target.connect("ferry transfer (constraints)")) {
            c.setAutoCommit(false); // hand-written: each record commits before its DROP, which MariaDB commits implicitly
            for (EntityJob job : jobs) {
                if (!job.plan().deferConstraints() || job.plan().mode() != EntityMode.INSERT || recorded(c, job.name())) {
                    continue;
                }
                List<DeferrableObject> objects = target.dialect().transfer().deferrableObjects(c, job.target());
                // Foreign keys first: MariaDB will not drop an index a foreign key still uses.
                objects.sort((a, b) -> Boolean.compare(a.isIndex(), b.isIndex()));
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + store.table(TransferStore.DEFERRED)
                        + " (run_id, entity, kind, name, table_name, definition) VALUES (?, ?, ?, ?, ?, ?)");
                     Statement st = c.createStatement()) {
                    for (DeferrableObject o : objects) {
                        ins.setString(1, runId);
                        ins.setString(2, job.name());
                        ins.setString(3, o.kind());
                        ins.setString(4, o.name());
                        ins.setString(5, job.target().toString());
                        ins.setString(6, o.createSql());
                        ins.executeUpdate();
                        // Record before dropping: on MariaDB the DROP commits implicitly, and the record must survive it.
                        c.commit();
                        st.execute(o.dropSql());
                        c.commit();
                    }
                }
                listener.onEvent(new TransferEvent.ConstraintsDeferred(Instant.now(), runId, job.name(),
                        objects.stream().map(o -> o.kind() + " " + o.name()).toList()));
            }
        } catch (SQLException e) {
            throw FerryException.sql("Deferring constraints", e);
        }
    }

    private boolean recorded(Connection c, String entity) throws SQLException {
        return store.count(c, TransferStore.DEFERRED, "run_id = ? AND entity = ?", runId, entity) > 0;
    }

    private record Pending(DeferrableObject object, TableRef table) {
    }

    /**
     * Rebuilds everything this run dropped and has not rebuilt yet: indexes in parallel, then
     * foreign keys. Each is attempted; when any fails, the run fails naming every one still missing.
     */
    void restore() {
        List<Pending> todo = new ArrayList<>();
        try (Connection c = target.connect("ferry transfer (constraints)")) {
            for (TransferStatus.MissingConstraint m : store.unrestored(c, runId)) {
                String[] t = m.table().split("\\.", 2);
                todo.add(new Pending(new DeferrableObject(m.kind(), m.name(), null, m.definition()), new TableRef(t[0], t[1])));
            }
        } catch (SQLException e) {
            throw FerryException.sql("Reading deferred constraints", e);
        }
        if (todo.isEmpty()) {
            return;
        }
        List<String> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<Void>> indexes = new ArrayList<>();
            for (Pending p : todo) {
                if (p.object().isIndex()) {
                    indexes.add(pool.submit(() -> rebuild(p)));
                }
            }
            for (Future<Void> f : indexes) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    failures.add(e.getCause().getMessage());
                }
            }
            for (Pending p : todo) {
                if (!p.object().isIndex()) {
                    try {
                        rebuild(p);
                    } catch (FerryException e) {
                        failures.add(e.getMessage());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException(ErrorCode.FAILURE, "Interrupted while rebuilding indexes", e);
        } finally {
            pool.shutdownNow();
        }
        if (!failures.isEmpty()) {
            throw new FerryException(ErrorCode.FAILURE, failures.size() + " of the indexes and foreign keys the run set aside could not be "
                    + "rebuilt, so they are missing from the target:\n  " + String.join("\n  ", failures)
                    + "\n'ferry transfer status " + runId + "' lists them with their definitions; fix the rows that violate them, then "
                    + "rebuild them with 'ferry transfer run --resume " + runId + "'");
        }
        listener.onEvent(new TransferEvent.ConstraintsRestored(Instant.now(), runId,
                todo.stream().map(p -> p.object().kind() + " " + p.object().name()).toList()));
    }

    private Void rebuild(Pending p) {
        DeferrableObject o = p.object();
        try (Connection c = target.connect("ferry transfer (rebuild " + o.name() + ")")) {
            if (!target.dialect().transfer().exists(c, p.table(), o)) {
                try (Statement st = c.createStatement()) {
                    st.execute(o.createSql());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + store.table(TransferStore.DEFERRED)
                    + " SET restored = ? WHERE run_id = ? AND table_name = ? AND kind = ? AND name = ?")) {
                ps.setBoolean(1, true);
                ps.setString(2, runId);
                ps.setString(3, p.table().toString());
                ps.setString(4, o.kind());
                ps.setString(5, o.name());
                ps.executeUpdate();
            }
            return null;
        } catch (SQLException e) {
            throw FerryException.sql("Rebuilding " + o.kind().replace('_', ' ') + " " + o.name() + " on " + p.table(), e);
        }
    }
}
