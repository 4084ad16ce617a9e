package dev.ferry.transfer;

import dev.ferry.FerryException;
import dev.ferry.backup.RestoreResult;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import dev.ferry.db.Transactions;
import dev.ferry.run.RunJournal;
import dev.ferry.transfer.plan.EntityPlan;
import dev.ferry.transfer.plan.TransferPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rolls a transfer run back by restoring its target tables from the archive taken before it wrote
 * anything. The tables return to exactly that moment: this also undoes {@code mode: update}
 * changes, which the row-by-row rollback cannot, and it also drops whatever anyone else wrote to
 * those tables since. Afterwards the run is marked rolled back and its ID-map rows, rejects and
 * checkpoints are forgotten, so the plan can run again.
 */
final class BackupRollback {
    private final TransferPlan plan;
    private final Database target;
    private final Dialect dialect;
    private final TargetBackups backups;

    BackupRollback(TransferPlan plan, Database target, TargetBackups backups) {
        this.plan = plan;
        this.target = target;
        this.dialect = target.dialect();
        this.backups = backups;
    }

    TransferRollbackResult run(String runId, boolean dryRun, RunJournal journal) {
        try (Connection c = target.connect("ferry transfer rollback --from-backup " + runId)) {
            String schema = dialect.currentSchema(c);
            TransferStore store = new TransferStore(target, schema);
            TransferRun run = RollbackLock.findRun(c, store, target, runId);
            List<String> notes = new ArrayList<>();
            List<TransferRollbackResult.EntityRollback> entities = new ArrayList<>();
            List<String> tables = tables(c, store, schema, run, entities);
            if (TransferRun.ROLLED_BACK.equals(run.status())) {
                notes.add("Run " + runId + " was rolled back already; nothing was restored");
                return result(run, null, run.status(), dryRun, entities, notes, run.backupArchive(), null);
            }
            Path archive = archive(run);
            if (dryRun) {
                notes.add("Dry run: would restore " + String.join(", ", tables) + " from " + archive + "; nothing was changed");
                return result(run, null, run.status(), true, entities, notes, archive.toString(), null);
            }
            return RollbackLock.holding(target, runId, schema, () -> restore(c, store, run, archive, tables, entities, notes, journal));
        } catch (SQLException e) {
            throw FerryException.sql(failed(runId), e);
        }
    }

    private static String failed(String runId) {
        return "Rolling back transfer run " + runId + " from its backup (run the rollback again to finish it)";
    }

    private static Path archive(TransferRun run) {
        String alternatives = "Roll it back row by row with 'ferry transfer rollback " + run.id() + "' (add --preserve-data to keep the "
                + "removed rows in snapshots), or restore an archive taken earlier with 'ferry restore ARCHIVE'";
        if (run.backupArchive() == null) {
            throw FerryException.invalidInput("Transfer run " + run.id() + " has no pre-run backup (it started without 'backup: true' "
                    + "on a target that is not protected, or with --no-backup), so there is nothing to restore. " + alternatives);
        }
        Path archive = Path.of(run.backupArchive());
        if (!Files.isRegularFile(archive)) {
            throw FerryException.invalidInput("The pre-run backup of transfer run " + run.id() + ", " + archive + ", is not there (moved, "
                    + "deleted, or taken on another machine); put it back at that path, or: " + alternatives);
        }
        return archive;
    }

    /** The target tables of the entities the run wrote, as {@code schema.table}; fills {@code entities} with what is known per entity. */
    private List<String> tables(Connection c, TransferStore store, String schema, TransferRun run,
                                List<TransferRollbackResult.EntityRollback> entities) throws SQLException {
        Map<String, Long> written = new LinkedHashMap<>();
        for (Checkpoint cp : store.checkpoints(c, run.id())) {
            written.merge(cp.entity(), cp.rowsWritten(), Long::sum);
        }
        Set<String> tables = new LinkedHashSet<>();
        for (EntityPlan e : plan.entities()) {
            if (!written.containsKey(e.name())) {
                continue;
            }
            String table = TableRef.parse(e.targetTable(), schema).toString();
            tables.add(table);
            long recorded = store.count(c, TransferStore.ID_MAP, "entity = ? AND run_id = ?", e.name(), run.id());
            entities.add(new TransferRollbackResult.EntityRollback(e.name(), table, e.mode().name().toLowerCase(Locale.ROOT),
                    written.get(e.name()), recorded, 0, 0, null, null));
            written.remove(e.name());
        }
        if (!written.isEmpty() && !TransferRun.ROLLED_BACK.equals(run.status())) {
            throw FerryException.invalidInput("Run " + run.id() + " wrote entities " + String.join(", ", written.keySet()) + ", which the plan "
                    + plan.file() + " does not define; roll back with the plan the run used (-p FILE)");
        }
        return List.copyOf(tables);
    }

    private TransferRollbackResult restore(Connection c, TransferStore store, TransferRun run, Path archive, List<String> tables,
                                           List<TransferRollbackResult.EntityRollback> entities, List<String> notes, RunJournal journal)
            throws SQLException {
        String before = run.status();
        store.setStatusOnly(c, run.id(), TransferRun.ROLLING_BACK);
        journal.event("restore_from_backup_started", Map.of("transfer_run", run.id(), "archive", archive.toString(), "tables", tables));
        RestoreResult restored;
        try {
            restored = backups.restore(plan.target(), archive, tables);
        } catch (RuntimeException e) {
            // The restore changes nothing when it fails, so the run is left as it was.
            store.setStatusOnly(c, run.id(), before);
            throw e;
        }
        journal.event("restored_from_backup", Map.of("rows", restored.rows(), "restore_run", String.valueOf(restored.runId())));
        // Indexes and foreign keys a failed run had dropped for its load go back, as the row-by-row rollback does.
        new ConstraintDeferral(target, store, run.id(), TransferListener.NONE).restore();
        Transactions.run(c, failed(run.id()), () -> {
            store.forgetRun(c, run.id());
            store.setStatus(c, run.id(), TransferRun.ROLLED_BACK, true);
        });
        notes.add("Restored " + restored.rows() + " rows into " + String.join(", ", tables) + " from " + archive
                + " (restore run " + restored.runId() + ")");
        if (restored.safetyBackup() != null) {
            notes.add("The tables as they were just before the restore are in " + restored.safetyBackup());
        }
        return result(run, journal.runId(), TransferRun.ROLLED_BACK, false, entities, notes, archive.toString(), restored);
    }

    private TransferRollbackResult result(TransferRun run, String rollbackRun, String status, boolean dryRun,
                                          List<TransferRollbackResult.EntityRollback> entities, List<String> notes, String archive,
                                          RestoreResult restored) {
        return new TransferRollbackResult(run.id(), rollbackRun, status, dryRun, target.displayUrl(), null, entities, notes, archive,
                restored == null ? 0 : restored.rows(), restored == null || restored.safetyBackup() == null ? null
                : restored.safetyBackup().toString());
    }
}
