package dev.ferry.rekey;

import java.util.List;

/**
 * What {@code rekey expand} did, or in a dry run would do: the statements in order, and per table
 * the rows the backfill wrote in this run; {@code beforeExpand} the snapshot or backup taken before
 * the first change ({@code snapshot <id>}, {@code backup <path>}), by this run or an earlier one,
 * {@code null} when the plan asks for none.
 */
public record ExpandResult(String runId, boolean dryRun, List<String> statements, List<TableExpanded> tables, int lockRetries,
                           String beforeExpand) {

    public record TableExpanded(String table, long rowsBackfilled, int batches) {
    }
}
