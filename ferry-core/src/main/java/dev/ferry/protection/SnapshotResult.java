package dev.ferry.protection;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot taken by {@code protect snapshot}.
 *
 * @param checksum {@code sha256:} + hex over every stored row, in order
 * @param file the copy written with {@code --file}, or {@code null}
 * @param pruned versions removed to keep only the newest {@code keep}
 */
public record SnapshotResult(String runId, int version, Instant takenAt, int tables, long rows, String checksum, String file,
                             List<Integer> pruned) {
}
