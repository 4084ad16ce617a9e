package dev.ferry.snapshot;

import java.util.List;

/** What a restore put back: per table, the rows it replaced and the rows it restored from the copy. */
public record RestoreResult(String runId, String database, List<Restored> tables) {

    public record Restored(String table, String copyTable, String snapshotId, long rowsRemoved, long rowsRestored) {
    }
}
