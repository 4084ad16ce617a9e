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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code defer_constraints: true}: drops a target table's secondary indexes and foreign keys
 * before the load, and on PostgreSQL its primary key when nothing can collide with it (see
 * {@link #deferIfAsked}), and rebuilds them afterwards (keys first, then indexes and foreign
 * keys, side by side where the database can add a foreign key unchecked and check it later). What
 * was dropped is recorded in {@code ferry_transfer_deferred} in the same transaction as the drop
 * where the database allows, so a resumed run knows what still has to be rebuilt, even after a
 * crash halfway through.
 */
final class ConstraintDeferral {
    /** The entity under which the ID map's own key is recorded: a name no plan entity can have. */
    static final String ID_MAP_ENTRY = "(id map)";
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

    /**
     * Drops what the plan's deferring entities may load without, recording each first. On a run's
     * first call, also the primary keys of those whose source guarantees {@code uniqueSourceKeys}
     * (so no row can collide with another: the target was empty) once no foreign key points at
     * them any more, and, when any entity defers, the ID map's if it is empty and every entity
     * writing to it has such a key. A resumed run drops nothing new: what it finds recorded it rebuilds.
     */
    void deferIfAsked(List<EntityJob> jobs, Set<String> uniqueSourceKeys) {
        try (Connection c = target.connect("ferry transfer (constraints)")) {
            c.setAutoCommit(false); // hand-written: each record commits before its DROP, which MariaDB commits implicitly
            boolean firstCall = store.count(c, TransferStore.DEFERRED, "run_id = ?", runId) == 0;
            Map<String, List<String>> dropped = new LinkedHashMap<>();
            for (EntityJob job : jobs) {
                if (!job.plan().deferConstraints() || job.plan().mode() != EntityMode.INSERT || recorded(c, job.name())) {
                    continue;
                }
                List<DeferrableObject> objects = target.dialect().transfer().deferrableObjects(c, job.target());
                // Foreign keys first: MariaDB will not drop an index a foreign key still uses.
                objects.sort((a, b) -> Boolean.compare(a.isIndex(), b.isIndex()));
                List<String> names = dropped.computeIfAbsent(job.name(), k -> new ArrayList<>());
                for (DeferrableObject o : objects) {
                    drop(c, job.name(), job.target(), o);
                    names.add(o.kind() + " " + o.name());
                }
            }
            if (firstCall) {
                // After every deferring entity's foreign keys are gone: a key still referenced stays.
                for (EntityJob job : jobs) {
                    if (dropped.containsKey(job.name()) && uniqueSourceKeys.contains(job.name())) {
                        DeferrableObject key = target.dialect().transfer().deferrablePrimaryKey(c, job.target(), job.plan().keyTargets());
                        if (key != null) {
                            drop(c, job.name(), job.target(), key);
                            dropped.get(job.name()).add(key.kind() + " " + key.name());
                        }
                    }
                }
                if (!dropped.isEmpty()) {
                    deferIdMapKey(c, jobs, uniqueSourceKeys, dropped);
                }
            }
            dropped.forEach((entity, names) -> listener.onEvent(new TransferEvent.ConstraintsDeferred(Instant.now(), runId, entity, names)));
        } catch (SQLException e) {
            throw FerryException.sql("Deferring constraints", e);
        }
    }

    /**
     * The ID map's key is set aside only when the map is empty, so rebuilding it costs no more than
     * this run's rows, and when each entity that writes to it has a unique source key, so no two
     * of its rows can share a legacy key.
     */
    private void deferIdMapKey(Connection c, List<EntityJob> jobs, Set<String> uniqueSourceKeys, Map<String, List<String>> dropped)
            throws SQLException {
        List<EntityJob> mapped = jobs.stream().filter(j -> j.plan().idMap() && j.plan().mode() == EntityMode.INSERT).toList();
        if (mapped.isEmpty() || !mapped.stream().allMatch(j -> uniqueSourceKeys.contains(j.name()))
                || !store.isEmpty(c, TransferStore.ID_MAP)) {
            return;
        }
        TableRef idMap = new TableRef(store.schema(), TransferStore.ID_MAP);
        DeferrableObject key = target.dialect().transfer().deferrablePrimaryKey(c, idMap, List.of("entity", "legacy_key"));
        if (key != null) {
            drop(c, ID_MAP_ENTRY, idMap, key);
            dropped.computeIfAbsent(ID_MAP_ENTRY, k -> new ArrayList<>()).add(key.kind() + " " + key.name());
        }
    }

    /** Records the object, commits, then drops it: on MariaDB the DROP commits implicitly, and the record must survive it. */
    private void drop(Connection c, String entity, TableRef table, DeferrableObject o) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + store.table(TransferStore.DEFERRED)
                + " (run_id, entity, kind, name, table_name, definition) VALUES (?, ?, ?, ?, ?, ?)");
             Statement st = c.createStatement()) {
            ins.setString(1, runId);
            ins.setString(2, entity);
            ins.setString(3, o.kind());
            ins.setString(4, o.name());
            ins.setString(5, table.toString());
            ins.setString(6, o.createSql());
            ins.executeUpdate();
            c.commit();
            st.execute(o.dropSql());
            c.commit();
        }
    }

    private boolean recorded(Connection c, String entity) throws SQLException {
        return store.count(c, TransferStore.DEFERRED, "run_id = ? AND entity = ?", runId, entity) > 0;
    }

    private record Pending(String entity, DeferrableObject object, TableRef table) {
    }

    /**
     * Rebuilds the primary keys an entity set aside, as soon as its rows are all in: the entities
     * after it look its keys up, and a second pass updates its rows by key. A duplicate fails the
     * run here, naming the key.
     */
    void rebuildKeysOf(String entity) {
        List<Pending> keys = pending().stream().filter(p -> p.entity().equals(entity) && p.object().isPrimaryKey()).toList();
        for (Pending p : keys) {
            try {
                rebuild(p);
            } catch (FerryException e) {
                throw failed(List.of(e.getMessage()));
            }
        }
    }

    private List<Pending> pending() {
        List<Pending> todo = new ArrayList<>();
        try (Connection c = target.connect("ferry transfer (constraints)")) {
            for (TransferStatus.MissingConstraint m : store.unrestored(c, runId)) {
                String[] t = m.table().split("\\.", 2);
                todo.add(new Pending(m.entity(), new DeferrableObject(m.kind(), m.name(), null, m.definition()), new TableRef(t[0], t[1])));
            }
        } catch (SQLException e) {
            throw FerryException.sql("Reading deferred constraints", e);
        }
        return todo;
    }

    /**
     * Rebuilds everything this run dropped and has not rebuilt yet: the tables' primary keys first,
     * in parallel, as foreign keys need the keys they reference. Where the database can add a
     * foreign key unchecked, the keys are then added so, in one short step, and the indexes are
     * built and the keys checked on several connections at once ({@link RebuildSchedule});
     * elsewhere the indexes are built in parallel and the foreign keys added, and so checked, one
     * after the other. Each is attempted; when any fails, the run fails naming every one still
     * missing or unchecked.
     */
    void restore() {
        List<Pending> todo = pending();
        if (todo.isEmpty()) {
            return;
        }
        List<String> failures = new ArrayList<>();
        int connections = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            // No foreign key refers to the ID map: its key is built beside the rest instead.
            rebuildInParallel(pool, todo.stream().filter(p -> p.object().isPrimaryKey() && !p.entity().equals(ID_MAP_ENTRY)).toList(), failures);
            List<Pending> rest = todo.stream().filter(p -> !p.object().isPrimaryKey() || p.entity().equals(ID_MAP_ENTRY)).toList();
            List<Pending> addedChecked = new ArrayList<>();
            List<RebuildSchedule.Step> steps = scheduled(rest, addedChecked, failures);
            failures.addAll(new RebuildSchedule(steps).run(connections));
            for (Pending p : addedChecked) {
                try {
                    rebuild(p);
                } catch (FerryException e) {
                    failures.add(e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException(ErrorCode.FAILURE, "Interrupted while rebuilding indexes", e);
        } finally {
            pool.shutdownNow();
        }
        if (!failures.isEmpty()) {
            throw failed(failures);
        }
        listener.onEvent(new TransferEvent.ConstraintsRestored(Instant.now(), runId,
                todo.stream().map(p -> p.object().kind() + " " + p.object().name()).toList()));
    }

    /**
     * The indexes to build and the foreign keys to check side by side, after adding those keys
     * unchecked (a quick catalog change each, done while nothing else runs: adding a key locks both
     * of its tables against index builds). Keys the database cannot add unchecked go to
     * {@code addedChecked}, to be added after everything else.
     */
    private List<RebuildSchedule.Step> scheduled(List<Pending> rest, List<Pending> addedChecked, List<String> failures) {
        List<RebuildSchedule.Step> steps = new ArrayList<>();
        Map<TableRef, Long> weights = new HashMap<>();
        try (Connection c = target.connect("ferry transfer (constraints)")) {
            for (Pending p : rest) {
                long weight = weights.computeIfAbsent(p.table(), t -> tableBytes(c, t));
                if (!isForeignKey(p.object())) {
                    steps.add(new RebuildSchedule.Step(p.table(), false, weight, () -> rebuild(p)));
                    continue;
                }
                String unchecked = target.dialect().transfer().addForeignKeyUnchecked(c, p.table(), p.object());
                if (unchecked == null) {
                    addedChecked.add(p);
                    continue;
                }
                try (Statement st = c.createStatement()) {
                    if (!target.dialect().transfer().exists(c, p.table(), p.object())) {
                        st.execute(unchecked);
                    }
                } catch (SQLException e) {
                    failures.add(FerryException.sql("Rebuilding foreign key " + p.object().name() + " on " + p.table(), e).getMessage());
                    continue;
                }
                // A key the table held unchecked before the load comes back unchanged, and stays unchecked.
                boolean check = !unchecked.equals(p.object().createSql());
                steps.add(new RebuildSchedule.Step(p.table(), true, weight, () -> check(p, check)));
            }
        } catch (SQLException e) {
            throw FerryException.sql("Adding the foreign keys set aside", e);
        }
        return steps;
    }

    private static boolean isForeignKey(DeferrableObject o) {
        return !o.isIndex() && !o.isPrimaryKey();
    }

    private long tableBytes(Connection c, TableRef table) {
        try {
            return target.dialect().transfer().tableBytes(c, table);
        } catch (SQLException e) {
            throw FerryException.sql("Reading the size of " + table, e);
        }
    }

    private void rebuildInParallel(ExecutorService pool, List<Pending> objects, List<String> failures) throws InterruptedException {
        List<Future<Void>> builds = new ArrayList<>();
        for (Pending p : objects) {
            builds.add(pool.submit(() -> rebuild(p)));
        }
        for (Future<Void> f : builds) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failures.add(e.getCause().getMessage());
            }
        }
    }

    private FerryException failed(List<String> failures) {
        return new FerryException(ErrorCode.FAILURE, failures.size() + " of the keys, indexes and foreign keys the run set aside could not be "
                + "rebuilt or checked, so they are missing from the target or in place unchecked:\n  " + String.join("\n  ", failures)
                + "\n'ferry transfer status " + runId + "' lists them with their definitions; fix the rows that violate them, then "
                + "rebuild them with 'ferry transfer run --resume " + runId + "'");
    }

    private Void rebuild(Pending p) {
        DeferrableObject o = p.object();
        try (Connection c = target.connect("ferry transfer (rebuild " + o.name() + ")")) {
            if (!target.dialect().transfer().exists(c, p.table(), o)) {
                try (Statement st = c.createStatement()) {
                    st.execute(o.createSql());
                }
            }
            markRestored(c, p);
            return null;
        } catch (SQLException e) {
            throw FerryException.sql("Rebuilding " + o.kind().replace('_', ' ') + " " + o.name() + " on " + p.table(), e);
        }
    }

    /** Checks a foreign key added unchecked against the table's rows ({@code check} false: it stays as unchecked as it was). */
    private void check(Pending p, boolean check) {
        try (Connection c = target.connect("ferry transfer (check " + p.object().name() + ")")) {
            if (check) {
                try (Statement st = c.createStatement()) {
                    st.execute(target.dialect().transfer().checkForeignKey(p.table(), p.object()));
                }
            }
            markRestored(c, p);
        } catch (SQLException e) {
            throw FerryException.sql("Checking foreign key " + p.object().name() + " on " + p.table()
                    + " (it is in place, not yet valid)", e);
        }
    }

    private void markRestored(Connection c, Pending p) throws SQLException {
        DeferrableObject o = p.object();
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + store.table(TransferStore.DEFERRED)
                + " SET restored = ? WHERE run_id = ? AND table_name = ? AND kind = ? AND name = ?")) {
            ps.setBoolean(1, true);
            ps.setString(2, runId);
            ps.setString(3, p.table().toString());
            ps.setString(4, o.kind());
            ps.setString(5, o.name());
            ps.executeUpdate();
        }
    }
}
