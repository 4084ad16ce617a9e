package dev.ferry.rekey;

import java.util.List;

/**
 * What {@code rekey expand} did, or in a dry run would do: the statements in order, and per table
 * the rows the backfill wrote in this run; the longest any of this run's statements or backfill
 * batches held a lock that blocks writers, and one that does not; {@code beforeExpand} the snapshot
 * or backup taken before the first change ({@code snapshot <id>}, {@code backup <path>}), by this
 * run or an earlier one, {@code null} when the plan asks for none.
 */
public record ExpandResult(String runId, boolean dryRun, List<String> statements, List<TableExpanded> tables, int lockRetries,
                           List<LockHeld> longestLocks, String beforeExpand) {

    public record TableExpanded(String table, long rowsBackfilled, int batches) {
    }
}
