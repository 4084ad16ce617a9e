package dev.ferry.rekey;

import java.util.List;

/**
 * What {@code rekey contract} did (or in a dry run would do): its statements, the legacy keys kept
 * in {@code ferry_id_map}, and the planner's cost of each foreign-key join before (integer columns)
 * and after (UUID columns, statistics refreshed). {@code alreadyContracted}: nothing was left to do.
 */
public record ContractResult(String runId, boolean dryRun, boolean alreadyContracted, List<String> statements, long idMapRows,
                             List<JoinPlan> joins) {

    /** One foreign-key join's estimated cost; {@code costAfter} is {@code null} in a dry run. */
    public record JoinPlan(String join, double costBefore, Double costAfter) {
    }
}
