package dev.ferry.rekey;

import java.util.List;

/**
 * What {@code rekey expand} did, or in a dry run would do: the statements in order, and per table
 * the rows the backfill wrote in this run.
 */
public record ExpandResult(String runId, boolean dryRun, List<String> statements, List<TableExpanded> tables, int lockRetries) {

    public record TableExpanded(String table, long rowsBackfilled, int batches) {
    }
}
