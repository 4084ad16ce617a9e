package dev.ferry.protection;

import java.util.List;

/**
 * What {@code protect restore} changed (or, for a dry run, would change) to put protected tables
 * back exactly as a snapshot holds them.
 *
 * @param runId the restore run, {@code null} for a dry run
 * @param changedBy how the audit trail names the restore
 */
public record SnapshotRestoreResult(String runId, int version, boolean dryRun, String changedBy, List<TableChange> tables) {

    /** Per table: rows the snapshot adds back, rows set back to its copy, rows it does not hold, and rows already equal. */
    public record TableChange(String table, long inserted, long replaced, long deleted, long unchanged) {
        public long changed() {
            return inserted + replaced + deleted;
        }
    }

    public long changed() {
        return tables.stream().mapToLong(TableChange::changed).sum();
    }
}
