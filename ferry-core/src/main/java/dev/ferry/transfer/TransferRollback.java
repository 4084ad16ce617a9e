package dev.ferry.transfer;

import dev.ferry.FerryException;
import dev.ferry.db.Catalogs;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.ForeignKey;
import dev.ferry.db.ParentsFirst;
import dev.ferry.db.TableRef;
import dev.ferry.db.Transactions;
import dev.ferry.run.RunJournal;
import dev.ferry.snapshot.SnapshotCatalog;
import dev.ferry.snapshot.SnapshotRecord;
import dev.ferry.transfer.plan.EntityMode;
import dev.ferry.transfer.plan.EntityJob;
import dev.ferry.transfer.plan.EntityPlan;
import dev.ferry.transfer.plan.TransferPlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Removes exactly the rows one transfer run wrote into the target, found through its ID map,
 * children before parents, in batches. Each batch deletes the target rows and their ID-map rows
 * (and, with {@code --preserve-data}, copies them into a snapshot first) in one transaction, so
 * the ID map is also the rollback's checkpoint: after a crash, running the rollback again
 * continues with what is left and ends in the same state.
 */
final class TransferRollback {
    private final TransferPlan plan;
    private final Database target;
    private final Dialect dialect;

    TransferRollback(TransferPlan plan, Database target) {
        this.plan = plan;
        this.target = target;
        this.dialect = target.dialect();
    }

    /**
     * One entity the run wrote: where its rows are and whether they can be told apart.
     *
     * @param filledLater the columns a second pass of the run filled, set back to NULL before any row goes
     */
    private record Step(EntityPlan entity, TableRef table, long written, long recorded, String refused, Set<String> filledLater) {
    }

    TransferRollbackResult run(String runId, TransferRollbackOptions options, RunJournal journal) {
        try (Connection c = target.connect("ferry transfer rollback " + runId)) {
            String schema = dialect.currentSchema(c);
            TransferStore store = new TransferStore(target, schema);
            TransferRun run = RollbackLock.findRun(c, store, target, runId);
            List<String> notes = new ArrayList<>();
            if (!plan.checksum().equals(run.planChecksum())) {
                notes.add("The plan changed since run " + runId + "; its entities' target tables and keys are taken from the current plan");
            }
            List<Step> steps = steps(c, store, schema, run, options, notes);
            String snapshotId = options.preserveData() ? "rollback-" + runId : null;
            if (options.toCheckpoint() != null) {
                return toCheckpoint(c, store, run, steps, options, snapshotId, notes, journal);
            }
            if (TransferRun.ROLLED_BACK.equals(run.status())) {
                notes.add("Run " + runId + " was rolled back already; nothing is left to remove");
                return result(run, null, run.status(), options.dryRun(), snapshotId, steps, Map.of(), notes);
            }
            if (options.dryRun()) {
                notes.add("Dry run: nothing was changed");
                return result(run, null, run.status(), true, snapshotId, steps, Map.of(), notes);
            }
            refuseBlocked(runId, steps);
            return RollbackLock.holding(target, runId, schema, () -> rollBack(c, store, run, steps, options, snapshotId, notes, journal));
        } catch (SQLException e) {
            throw FerryException.sql(failed(runId), e);
        }
    }

    private static String failed(String runId) {
        return "Rolling back transfer run " + runId + " (committed batches stay removed; run the rollback again to continue)";
    }

    /** The run's entities, children before parents, each with what is known about its rows. */
    private List<Step> steps(Connection c, TransferStore store, String schema, TransferRun run, TransferRollbackOptions options,
                             List<String> notes) throws SQLException {
        Map<String, Long> written = new LinkedHashMap<>();
        for (Checkpoint cp : store.checkpoints(c, run.id())) {
            written.merge(cp.entity(), cp.rowsWritten(), Long::sum);
        }
        Map<String, Step> byName = new LinkedHashMap<>();
        Map<String, String> entityByTable = new LinkedHashMap<>();
        Map<String, Set<String>> filledLater = new LinkedHashMap<>();
        for (String step : written.keySet()) {
            if (EntityJob.isSecondPass(step) && written.get(step) > 0) {
                int dot = step.indexOf('.');
                filledLater.computeIfAbsent(step.substring(0, dot), k -> new LinkedHashSet<>()).add(step.substring(dot + 1));
            }
        }
        written.keySet().removeIf(EntityJob::isSecondPass); // second passes: their rows are their entity's
        for (String name : written.keySet()) {
            EntityPlan e = plan.entity(name).orElseThrow(() -> FerryException.invalidInput("Run " + run.id() + " wrote entity '" + name
                    + "', which the plan " + plan.file() + " does not define; roll back with the plan the run used (-p FILE)"));
            TableRef table = TableRef.parse(e.targetTable(), schema);
            long recorded = store.count(c, TransferStore.ID_MAP, "entity = ? AND run_id = ?", name, run.id());
            byName.put(name, new Step(e, table, written.get(name), recorded, refusal(e, written.get(name), options),
                    filledLater.getOrDefault(name, Set.of())));
            entityByTable.put(table.toString(), name);
        }
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        // A column a second pass filled is NULL again before any row goes, so it orders nothing.
        for (EntityPlan e : plan.entities()) {
            if (byName.containsKey(e.name())) {
                Set<String> later = byName.get(e.name()).filledLater();
                Set<String> waits = new LinkedHashSet<>(e.dependsOn());
                waits.removeIf(p -> e.references().stream().anyMatch(r -> r.entity().equals(p))
                        && e.references().stream().filter(r -> r.entity().equals(p)).allMatch(r -> later.contains(r.target())));
                parents.put(e.name(), waits);
            }
        }
        for (ForeignKey fk : dialect.foreignKeys(c, schema)) {
            String child = entityByTable.get(schema + "." + fk.table());
            String parent = entityByTable.get(schema + "." + fk.refTable());
            if (child != null && parent != null && !child.equals(parent) && !byName.get(child).filledLater().contains(fk.column())) {
                parents.get(child).add(parent);
            }
        }
        List<String> order = new ArrayList<>(ParentsFirst.order(parents));
        Collections.reverse(order);
        if (options.partial()) {
            // A reference filled by a second pass orders nothing above, yet its rows still point at the parent.
            Map<String, Set<String>> dependsOn = new LinkedHashMap<>(parents);
            byName.keySet().forEach(n -> dependsOn.merge(n, plan.entity(n).map(EntityPlan::dependsOn).orElse(Set.of()), (a, b) -> {
                Set<String> all = new LinkedHashSet<>(a);
                all.addAll(b);
                return all;
            }));
            Set<String> chosen = withChildren(run.id(), options.entities(), dependsOn, byName.keySet(), notes);
            order.removeIf(name -> !chosen.contains(name));
        }
        return order.stream().map(byName::get).toList();
    }

    /**
     * The named entities and every entity of the run that depends on them, directly or through
     * another: a child's rows cannot stay when their parent rows go. Names the children it adds.
     */
    private static Set<String> withChildren(String runId, List<String> named, Map<String, Set<String>> parents, Set<String> written,
                                            List<String> notes) {
        for (String n : named) {
            if (!written.contains(n)) {
                throw FerryException.invalidInput("--entities: run " + runId + " wrote no rows of entity '" + n + "'; it wrote: "
                        + String.join(", ", written));
            }
        }
        Set<String> chosen = new LinkedHashSet<>(named);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<String, Set<String>> e : parents.entrySet()) {
                if (!chosen.contains(e.getKey()) && e.getValue().stream().anyMatch(chosen::contains)) {
                    chosen.add(e.getKey());
                    grew = true;
                }
            }
        }
        List<String> children = chosen.stream().filter(n -> !named.contains(n)).toList();
        notes.add(children.isEmpty() ? "Only " + String.join(", ", named) + ": no other entity of the run depends on "
                + (named.size() == 1 ? "it" : "them")
                : "Children included: " + String.join(", ", children) + " (they depend on " + String.join(", ", named)
                + ", so their rows go too)");
        return chosen;
    }

    private static String refusal(EntityPlan e, long written, TransferRollbackOptions options) {
        if (written == 0) {
            return null;
        }
        if (e.mode() == EntityMode.UPDATE) {
            return options.keepUpdates() ? null : "mode: update changed " + written + " existing row(s) of " + e.targetTable()
                    + " in place, and Ferry keeps no copy of their previous values, so it cannot put them back. Restore that table "
                    + "from a snapshot or backup, or pass --keep-updates to leave those changes and remove only the inserted rows";
        }
        if (!e.idMap()) {
            return "the run kept no ID map for it (id_map: false or generated keys), so its rows cannot be told apart from "
                    + "other rows of " + e.targetTable() + "; remove them by hand or restore the table from a snapshot or backup";
        }
        return null;
    }

    private static void refuseBlocked(String runId, List<Step> steps) {
        List<String> blocked = steps.stream().filter(s -> s.refused() != null).map(s -> "'" + s.entity().name() + "': " + s.refused()).toList();
        if (!blocked.isEmpty()) {
            throw FerryException.invalidInput("Cannot roll back run " + runId + "; nothing was changed. " + String.join("; ", blocked));
        }
    }

    private TransferRollbackResult rollBack(Connection c, TransferStore store, TransferRun run, List<Step> steps,
                                            TransferRollbackOptions options, String snapshotId, List<String> notes, RunJournal journal)
            throws SQLException {
        boolean resumed = TransferRun.ROLLING_BACK.equals(run.status());
        if (resumed) {
            notes.add("Continued an interrupted rollback of run " + run.id());
        }
        if (options.partial()) {
            store.setStatusOnly(c, run.id(), TransferRun.ROLLING_BACK);
        } else {
            store.setStatus(c, run.id(), TransferRun.ROLLING_BACK, false);
        }
        journal.event("rollback_started", Map.of("transfer_run", run.id(), "resumed", resumed, "preserve_data", options.preserveData()));
        Map<String, long[]> done = new LinkedHashMap<>();
        Map<String, String> preserved = new LinkedHashMap<>();
        SnapshotCatalog snapshots = new SnapshotCatalog(dialect, store.schema());
        for (Step s : steps) {
            if (s.entity().mode() == EntityMode.INSERT && s.entity().idMap()) {
                for (String column : s.filledLater()) {
                    clearFilledLater(c, store, run.id(), s, column, options.batch());
                }
            }
        }
        for (Step s : steps) {
            if (s.entity().mode() != EntityMode.INSERT || !s.entity().idMap()) {
                continue;
            }
            SnapshotRecord copy = null;
            if (snapshotId != null) {
                copy = snapshots.emptyCopy(c, snapshotId, s.table(), "rows removed by rolling back transfer run " + run.id());
                preserved.put(s.entity().name(), copy.copyTable());
            }
            long[] counts = removeRows(c, store, run.id(), s, copy, options.batch(), null, journal);
            done.put(s.entity().name(), counts);
            if (copy != null) {
                long rows = Catalogs.count(c, "SELECT COUNT(*) FROM " + copy.copy().quoted(dialect));
                snapshots.complete(c, copy, rows);
            }
            journal.event("entity_rolled_back", Map.of("entity", s.entity().name(), "removed", counts[0], "missing", counts[1]));
        }
        // Indexes and foreign keys a failed run had dropped for its load go back, as they were before it.
        new ConstraintDeferral(target, store, run.id(), TransferListener.NONE).restore();
        String status = options.partial() ? reopen(c, store, run, steps, journal.runId(), notes) : TransferRun.ROLLED_BACK;
        if (!options.partial()) {
            Transactions.run(c, failed(run.id()), () -> {
                store.deleteFor(c, TransferStore.REJECTS, "run_id", run.id());
                store.setStatus(c, run.id(), TransferRun.ROLLED_BACK, true);
            });
        }
        TransferRollbackResult r = result(run, journal.runId(), status, false, snapshotId, steps, done, notes);
        return new TransferRollbackResult(r.transferRun(), r.runId(), r.status(), false, r.target(), r.snapshotId(),
                r.entities().stream().map(e -> new TransferRollbackResult.EntityRollback(e.entity(), e.table(), e.mode(), e.rowsWritten(),
                        e.rowsRecorded(), e.rowsRemoved(), e.rowsMissing(), preserved.get(e.entity()), e.refused())).toList(), notes,
                null, 0, null);
    }

    /**
     * Rolls the run back to its batch number {@code options.toCheckpoint()}: the rows of every later
     * batch go (children first, each removal batch committing with its ID-map rows, so running it
     * again after a crash continues), then, in one transaction, the checkpoints step back to that
     * batch and the run is left failed, so that resuming it writes those rows again.
     */
    private TransferRollbackResult toCheckpoint(Connection c, TransferStore store, TransferRun run, List<Step> all,
                                                TransferRollbackOptions options, String snapshotId, List<String> notes, RunJournal journal)
            throws SQLException {
        int n = options.toCheckpoint();
        if (List.of(TransferRun.ROLLED_BACK, TransferRun.ABANDONED, TransferRun.DELETED_BY_FRESH).contains(run.status())) {
            throw FerryException.invalidInput("Run " + run.id() + " is " + run.status().replace('_', ' ')
                    + ", so it cannot be resumed from a checkpoint; nothing was changed. Start a new run instead");
        }
        List<RunCheckpoint> batches = store.batches(c, run.id());
        long counted = store.checkpoints(c, run.id()).stream().mapToLong(Checkpoint::batches).sum();
        if (counted != batches.size()) {
            throw FerryException.invalidInput("Run " + run.id() + " was recorded by a Ferry that did not number a run's batches, so it "
                    + "cannot be rolled back to a checkpoint; nothing was changed. Roll back the whole run or some entities (--entities)");
        }
        if (n > batches.size()) {
            throw FerryException.invalidInput("Run " + run.id() + " has no checkpoint " + n + ": it committed " + batches.size()
                    + " batch(es), checkpoints 0 to " + batches.size() + "; '--to-checkpoint 0 --dry-run' lists them");
        }
        long keptSeq = n == 0 ? 0 : batches.get(n - 1).seq();
        List<RunCheckpoint> later = batches.subList(n, batches.size());
        notes.add(n == 0 ? "Checkpoint 0: before the run's first batch" : "Checkpoint " + n + ": " + describe(batches.get(n - 1)));
        later.stream().limit(20).forEach(b -> notes.add("removed with checkpoint " + b.number() + ": " + describe(b)));
        if (later.size() > 20) {
            notes.add("... and " + (later.size() - 20) + " more batch(es), up to checkpoint " + batches.size());
        }
        List<String> secondPasses = later.stream().map(RunCheckpoint::entity).filter(EntityJob::isSecondPass).distinct().toList();
        if (!secondPasses.isEmpty()) {
            throw FerryException.invalidInput("Cannot roll back run " + run.id() + " to checkpoint " + n + ": later batches filled "
                    + String.join(", ", secondPasses) + " in rows written before it, and Ferry keeps no copy of their values; choose a "
                    + "checkpoint after them or roll back the whole run. Nothing was changed");
        }
        List<Step> steps = new ArrayList<>();
        for (Step s : all) {
            String name = s.entity().name();
            long written = later.stream().filter(b -> b.entity().equals(name)).mapToLong(RunCheckpoint::rowsWritten).sum();
            if (later.stream().anyMatch(b -> b.entity().equals(name))) {
                long recorded = s.entity().idMap() ? store.countIdMapAfter(c, name, run.id(), keptSeq) : 0;
                steps.add(new Step(s.entity(), s.table(), written, recorded, refusal(s.entity(), written, options), Set.of()));
            }
        }
        if (options.dryRun()) {
            notes.add("Dry run: nothing was changed");
            return result(run, null, run.status(), true, snapshotId, steps, Map.of(), notes);
        }
        refuseBlocked(run.id(), steps);
        return RollbackLock.holding(target, run.id(), store.schema(), () -> {
            if (TransferRun.ROLLING_BACK.equals(run.status())) {
                notes.add("Continued an interrupted rollback of run " + run.id());
            }
            store.setStatusOnly(c, run.id(), TransferRun.ROLLING_BACK);
            journal.event("rollback_started", Map.of("transfer_run", run.id(), "to_checkpoint", n, "preserve_data", options.preserveData()));
            Map<String, long[]> done = new LinkedHashMap<>();
            SnapshotCatalog snapshots = new SnapshotCatalog(dialect, store.schema());
            for (Step s : steps) {
                if (s.entity().mode() != EntityMode.INSERT || !s.entity().idMap()) {
                    continue;
                }
                SnapshotRecord copy = snapshotId == null ? null
                        : snapshots.emptyCopy(c, snapshotId + "-" + n, s.table(), "rows removed by rolling back transfer run " + run.id()
                        + " to checkpoint " + n);
                long[] counts = removeRows(c, store, run.id(), s, copy, options.batch(), keptSeq, journal);
                done.put(s.entity().name(), counts);
                if (copy != null) {
                    snapshots.complete(c, copy, Catalogs.count(c, "SELECT COUNT(*) FROM " + copy.copy().quoted(dialect)));
                }
                journal.event("entity_rolled_back", Map.of("entity", s.entity().name(), "removed", counts[0], "missing", counts[1]));
            }
            String error = "rolled back to checkpoint " + n + " (rollback run " + journal.runId() + "); 'ferry transfer run --resume "
                    + run.id() + "' writes the later rows again";
            Transactions.run(c, failed(run.id()), () -> {
                store.rewindTo(c, run.id(), keptSeq, batches);
                store.finishRun(c, run.id(), TransferRun.FAILED, error);
            });
            notes.add("Run " + run.id() + " is marked failed: " + error);
            return result(run, journal.runId(), TransferRun.FAILED, false, snapshotId == null ? null : snapshotId + "-" + n, steps, done, notes);
        });
    }

    private static String describe(RunCheckpoint b) {
        return b.entity() + " slice " + b.slice() + ", " + b.rowsWritten() + " row(s) written, up to source key " + b.lastKey();
    }

    /**
     * After some entities were rolled back: their checkpoints (and their second passes') start
     * again and their rejects go, and the run is left failed, so that resuming it transfers exactly
     * those entities again. Returns the run's status.
     */
    private String reopen(Connection c, TransferStore store, TransferRun run, List<Step> steps, String rollbackRun, List<String> notes)
            throws SQLException {
        List<String> names = steps.stream().map(s -> s.entity().name()).toList();
        String error = "entities " + String.join(", ", names) + " rolled back (rollback run " + rollbackRun + "); "
                + "'ferry transfer run --resume " + run.id() + "' transfers them again";
        Transactions.run(c, failed(run.id()), () -> {
            for (String name : names) {
                store.restartEntity(c, run.id(), name);
            }
            store.finishRun(c, run.id(), TransferRun.FAILED, error);
        });
        notes.add("Run " + run.id() + " is marked failed: " + error);
        return TransferRun.FAILED;
    }

    /**
     * Removes an entity's rows batch by batch, those the run's batches after {@code afterSeq} wrote
     * ({@code null}: all of them); returns {removed, missing}.
     */
    private long[] removeRows(Connection c, TransferStore store, String runId, Step s, SnapshotRecord copy, int batch, Long afterSeq,
                              RunJournal journal) throws SQLException {
        String key = dialect.quote(s.entity().keyTarget());
        String table = s.table().quoted(dialect);
        String insertCopy = null;
        if (copy != null) {
            String cols = columnList(c, s.table());
            insertCopy = dialect.tableCopies().insertSelect(copy.copy().quoted(dialect), cols, "SELECT " + cols + " FROM " + table + " WHERE " + key + " IN ");
        }
        long removed = 0;
        long missing = 0;
        c.setAutoCommit(false); // hand-written: one commit per batch, so an interrupted rollback keeps what it removed
        try {
            while (true) {
                List<String[]> rows = store.idMapRows(c, s.entity().name(), runId, null, afterSeq, batch);
                if (rows.isEmpty()) {
                    c.commit();
                    break;
                }
                String in = "(" + "?, ".repeat(rows.size() - 1) + "?)";
                if (insertCopy != null) {
                    executeWithKeys(c, insertCopy + in, rows);
                }
                int n = executeWithKeys(c, "DELETE FROM " + table + " WHERE " + key + " IN " + in, rows);
                store.deleteIdMapRows(c, s.entity().name(), rows);
                c.commit();
                removed += n;
                missing += rows.size() - n;
                journal.event("batch_removed", Map.of("entity", s.entity().name(), "rows", n, "missing", rows.size() - n));
            }
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        return new long[] {removed, missing};
    }

    /**
     * Sets a column a second pass filled back to NULL on the run's rows, batch by batch, so that
     * rows of a cycle can go in the reverse of the order they came. Running it again does the same.
     */
    private void clearFilledLater(Connection c, TransferStore store, String runId, Step s, String column, int batch) throws SQLException {
        String sql = "UPDATE " + s.table().quoted(dialect) + " SET " + dialect.quote(column) + " = NULL WHERE "
                + dialect.quote(s.entity().keyTarget()) + " IN ";
        String after = null;
        while (true) {
            List<String[]> rows = store.idMapRows(c, s.entity().name(), runId, after, null, batch);
            if (rows.isEmpty()) {
                return;
            }
            executeWithKeys(c, sql + "(" + "?, ".repeat(rows.size() - 1) + "?)", rows);
            after = rows.get(rows.size() - 1)[0];
        }
    }

    private int executeWithKeys(Connection c, String sql, List<String[]> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < rows.size(); i++) {
                dialect.bindText(ps, i + 1, rows.get(i)[1]);
            }
            return ps.executeUpdate();
        }
    }

    private String columnList(Connection c, TableRef table) throws SQLException {
        return String.join(", ", Catalogs.columns(c, table).stream().map(col -> dialect.quote(col.name())).toList());
    }

    private TransferRollbackResult result(TransferRun run, String rollbackRun, String status, boolean dryRun, String snapshotId,
                                          List<Step> steps, Map<String, long[]> done, List<String> notes) {
        List<TransferRollbackResult.EntityRollback> entities = new ArrayList<>();
        for (Step s : steps) {
            long[] counts = done.getOrDefault(s.entity().name(), new long[2]);
            entities.add(new TransferRollbackResult.EntityRollback(s.entity().name(), s.table().toString(),
                    s.entity().mode().name().toLowerCase(Locale.ROOT), s.written(), s.recorded(), counts[0], counts[1], null, s.refused()));
        }
        return new TransferRollbackResult(run.id(), rollbackRun, status, dryRun, target.displayUrl(), snapshotId, entities, notes,
                null, 0, null);
    }
}
