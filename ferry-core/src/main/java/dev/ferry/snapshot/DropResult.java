package dev.ferry.snapshot;

import java.util.List;

/** The snapshot copies a drop removed (or, for a dry run, would remove). */
public record DropResult(String runId, String olderThan, boolean dryRun, List<SnapshotRecord> dropped) {
}
