package dev.ferry.transfer;

import java.time.Instant;

/** A row of {@code ferry_transfer_runs}. */
public record TransferRun(String id, String planFile, String planChecksum, String status, Instant startedAt, Instant finishedAt,
                          String source, String startedBy, String error) {
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String ABANDONED = "abandoned";

    public boolean finished() {
        return COMPLETED.equals(status) || ABANDONED.equals(status);
    }
}
