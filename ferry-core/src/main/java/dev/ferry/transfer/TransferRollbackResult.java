package dev.ferry.transfer;

import java.util.List;

/**
 * What a rollback removed (or, for a dry run, would remove), per entity in the order it ran:
 * children before parents.
 *
 * @param transferRun the run rolled back
 * @param runId this rollback's own run id (logs and report); {@code null} for a dry run
 * @param status the transfer run's status afterwards
 * @param snapshotId the snapshot holding the removed rows with {@code --preserve-data}, else {@code null}
 * @param restoredFrom with {@code --from-backup}: the pre-run archive the target tables were (or, dry run, would be) restored from
 * @param rowsRestored with {@code --from-backup}: rows loaded back from that archive
 * @param safetyBackup with {@code --from-backup}: the archive of the tables as they were just before the restore
 */
public record TransferRollbackResult(String transferRun, String runId, String status, boolean dryRun, String target, String snapshotId,
                                     List<EntityRollback> entities, List<String> notes, String restoredFrom, long rowsRestored,
                                     String safetyBackup) {

    /**
     * @param rowsRecorded rows of this entity the ID map still attributes to the run when the rollback started
     * @param rowsRemoved target rows removed
     * @param rowsMissing recorded rows that were no longer in the target (deleted by someone else)
     * @param preservedIn the snapshot copy the removed rows were moved into, or {@code null}
     * @param refused why this entity cannot be rolled back, or {@code null}
     */
    public record EntityRollback(String entity, String table, String mode, long rowsWritten, long rowsRecorded, long rowsRemoved,
                                 long rowsMissing, String preservedIn, String refused) {
    }

    public long rowsRemoved() {
        return entities.stream().mapToLong(EntityRollback::rowsRemoved).sum();
    }
}
