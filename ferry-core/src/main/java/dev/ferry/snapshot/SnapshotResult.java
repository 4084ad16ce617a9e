package dev.ferry.snapshot;

import java.util.List;

/** The copies one {@code ferry snapshot} made; {@code snapshotId} is also the run id of its log and report. */
public record SnapshotResult(String snapshotId, String database, List<SnapshotRecord> copies) {

    public long rows() {
        return copies.stream().mapToLong(c -> c.rows() == null ? 0 : c.rows()).sum();
    }
}
