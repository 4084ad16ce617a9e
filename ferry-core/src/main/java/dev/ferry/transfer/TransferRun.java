package dev.ferry.transfer;

import java.time.Instant;

/**
 * A row of {@code ferry_transfer_runs}.
 *
 * @param backupArchive the archive of the target tables taken before the run wrote anything, or {@code null}
 */
public record TransferRun(String id, String planFile, String planChecksum, String status, Instant startedAt, Instant finishedAt,
                          String source, String startedBy, String error, String backupArchive) {
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String ABANDONED = "abandoned";
    /** A rollback started and has not finished; running it again continues it. */
    public static final String ROLLING_BACK = "rolling_back";
    /** Every row the run wrote was removed again; the run cannot be resumed. */
    public static final String ROLLED_BACK = "rolled_back";
    /** The run completed, then a later {@code --fresh} deleted its rows: what it wrote is no longer in the target. */
    public static final String DELETED_BY_FRESH = "deleted_by_fresh";

    public boolean finished() {
        return COMPLETED.equals(status) || ABANDONED.equals(status) || ROLLED_BACK.equals(status) || DELETED_BY_FRESH.equals(status);
    }
}
