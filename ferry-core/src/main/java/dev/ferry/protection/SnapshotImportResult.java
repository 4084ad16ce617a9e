package dev.ferry.protection;

import java.time.Instant;

/**
 * A snapshot file stored as a new snapshot by {@code protect import}, ready for {@code protect restore}.
 *
 * @param takenAt when the file's snapshot was taken
 * @param fileVersion the version it had where it was taken
 */
public record SnapshotImportResult(String runId, String file, int version, int fileVersion, Instant takenAt, int tables, long rows,
                                   String checksum) {
}
