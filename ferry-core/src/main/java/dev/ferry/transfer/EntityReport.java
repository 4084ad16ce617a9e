package dev.ferry.transfer;

import java.util.List;

/**
 * One entity's numbers in a run report. Counts are the run's totals as committed (a resumed run
 * includes what earlier attempts committed); duration, throughput, batch sizes and retries
 * describe this process's work.
 *
 * @param dependsOn the entities this one waited for, for the report's dependency graph; empty in a report rebuilt from checkpoints
 */
public record EntityReport(
        String entity,
        String source,
        String target,
        String status,
        long rowsRead,
        long rowsWritten,
        long rowsRejected,
        long rowsFiltered,
        long durationMs,
        long rowsPerSecond,
        int batches,
        int retries,
        int minBatchSize,
        int maxBatchSize,
        int averageBatchSize,
        List<String> dependsOn) {

    public EntityReport {
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }
}
