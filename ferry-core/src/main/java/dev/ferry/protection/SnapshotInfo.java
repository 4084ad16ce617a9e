package dev.ferry.protection;

import java.time.Instant;

/** One stored snapshot of the protected rows. */
public record SnapshotInfo(int version, String runId, Instant takenAt, String takenBy, int tables, long rows, String checksum) {
}
