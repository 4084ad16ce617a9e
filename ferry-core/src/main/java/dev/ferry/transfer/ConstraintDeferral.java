package dev.ferry.transfer;

import dev.ferry.FerryException;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.PostgresDialect;
import dev.ferry.transfer.plan.EntityMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code defer_constraints: true}: drops a target table's secondary indexes and foreign keys
 * before the load and rebuilds them afterwards (indexes in parallel, foreign keys validated).
 * What was dropped is recorded in {@code ferry_transfer_deferred} first, so a resumed run knows
 * what still has to be rebuilt, even after a crash halfway through the rebuild.
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

    static void requireSupported(List<EntityJob> jobs, Dialect dialect) {
        if (!(dialect instanceof PostgresDialect)) {
            for (EntityJob j : jobs) {
                if (j.plan().deferConstraints()) {
                    throw FerryException.invalidInput(j.plan().yamlLocation() + ": defer_constraints works on PostgreSQL targets; "
                            + "on MariaDB, leave it out (InnoDB builds secondary indexes during the load)");
                }
            }
        }
    }

    void deferIfAsked(List<EntityJob> jobs) {
        try (Connection c = target.connect("ferry transfer (constraints)")) {
            c.setAutoCommit(false);
            for (EntityJob job : jobs) {
                if (!job.plan().deferConstraints() || job.plan().mode() != EntityMode.INSERT || recorded(c, job.name())) {
                    continue;
                }
                List<String[]> objects = definitions(c, job);
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + store.table(TransferStore.DEFERRED)
                        + " (run_id, entity, kind, name, table_name, definition) VALUES (?, ?, ?, ?, ?, ?)");
                     Statement st = c.createStatement()) {
                    for (String[] o : objects) {
                        ins.setString(1, runId);
                        ins.setString(2, job.name());
                        ins.setString(3, o[0]);
                        ins.setString(4, o[1]);
                        ins.setString(5, job.target().toString());
                        ins.setString(6, o[2]);
                        ins.executeUpdate();
                        st.execute(o[0].equals("index")
                                ? "DROP INDEX " + target.dialect().quote(job.target().schema()) + "." + target.dialect().quote(o[1])
                                : "ALTER TABLE " + job.target().quoted(target.dialect()) + " DROP CONSTRAINT " + target.dialect().quote(o[1]));
                    }
                }
                c.commit();
                listener.onEvent(new TransferEvent(java.time.Instant.now(), runId, TransferEvent.Type.CONSTRAINTS_DEFERRED, job.name(),
                        Map.of("dropped", objects.stream().map(o -> o[0] + " " + o[1]).toList())));
            }
        } catch (SQLException e) {
            throw FerryException.sql("Deferring constraints", e);
        }
    }

    private boolean recorded(Connection c, String entity) throws SQLException {
        return store.count(c, TransferStore.DEFERRED, "run_id = ? AND entity = ?", runId, entity) > 0;
    }

    /** Secondary indexes (not those behind a primary key or unique constraint) and foreign keys of the target table. */
    private List<String[]> definitions(Connection c, EntityJob job) throws SQLException {
        List<String[]> out = new ArrayList<>();
        String table = job.target().quoted(target.dialect());
        try (PreparedStatement ps = c.prepareStatement("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE conrelid = ?::regclass AND contype = 'f' ORDER BY conname")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {"foreign_key", rs.getString(1), rs.getString(2)});
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ic.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                + "JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = ?::regclass AND NOT i.indisprimary "
                + "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY 1")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {"index", rs.getString(1), rs.getString(2)});
                }
            }
        }
        return out;
    }

    /** Rebuilds everything this run dropped and has not rebuilt yet: indexes in parallel, then foreign keys. */
    void restore() {
        List<String[]> todo = new ArrayList<>();
        try (Connection c = target.connect("ferry transfer (constraints)")) {
            if (store.count(c, TransferStore.DEFERRED, "run_id = ? AND restored = false", runId) == 0) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT kind, name, table_name, definition, entity FROM "
                    + store.table(TransferStore.DEFERRED) + " WHERE run_id = ? AND restored = false ORDER BY kind DESC, name")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        todo.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
                    }
                }
            }
        } catch (SQLException e) {
            throw FerryException.sql("Reading deferred constraints", e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<?>> indexes = new ArrayList<>();
            for (String[] o : todo) {
                if (o[0].equals("index")) {
                    indexes.add(pool.submit(() -> rebuild(o)));
                }
            }
            for (Future<?> f : indexes) {
                f.get();
            }
            for (String[] o : todo) {
                if (o[0].equals("foreign_key")) {
                    rebuild(o);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException(dev.ferry.ErrorCode.FAILURE, "Interrupted while rebuilding indexes", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof FerryException fe ? fe : new FerryException(dev.ferry.ErrorCode.FAILURE, String.valueOf(e.getCause()), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        listener.onEvent(new TransferEvent(java.time.Instant.now(), runId, TransferEvent.Type.CONSTRAINTS_RESTORED, null,
                Map.of("rebuilt", todo.stream().map(o -> o[0] + " " + o[1]).toList())));
    }

    private Void rebuild(String[] o) {
        Dialect d = target.dialect();
        try (Connection c = target.connect("ferry transfer (rebuild " + o[1] + ")")) {
            c.setAutoCommit(false);
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement(o[0].equals("index")
                    ? "SELECT 1 FROM pg_class WHERE relname = ? AND relkind = 'i'"
                    : "SELECT 1 FROM pg_constraint WHERE conname = ? AND contype = 'f'")) {
                ps.setString(1, o[1]);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                String[] parts = o[2].split("\\.", 2);
                String table = d.quote(parts[0]) + "." + d.quote(parts[1]);
                try (Statement st = c.createStatement()) {
                    st.execute(o[0].equals("index") ? o[3] : "ALTER TABLE " + table + " ADD CONSTRAINT " + d.quote(o[1]) + " " + o[3]);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + store.table(TransferStore.DEFERRED)
                    + " SET restored = true WHERE run_id = ? AND name = ?")) {
                ps.setString(1, runId);
                ps.setString(2, o[1]);
                ps.executeUpdate();
            }
            c.commit();
            return null;
        } catch (SQLException e) {
            throw FerryException.sql("Rebuilding " + o[0].replace('_', ' ') + " " + o[1] + " on " + o[2]
                   , e);
        }
    }
}
