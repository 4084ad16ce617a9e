package dev.ferry.transfer;

import java.util.List;

/**
 * What {@code transfer run} did.
 *
 * @param resumed true when this process continued an earlier, unfinished run
 * @param findings for a dry run: the sample rows the target refused
 * @param backupArchive the archive of the target tables taken before the run wrote anything, or {@code null}
 */
public record TransferResult(
        String runId,
        String status,
        boolean resumed,
        boolean dryRun,
        String source,
        String target,
        long durationMs,
        long rowsWritten,
        long rowsPerSecond,
        List<EntityReport> entities,
        List<DryRunFinding> findings,
        List<String> notes,
        String backupArchive) {
}
