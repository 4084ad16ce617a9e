package dev.ferry.migration;

import java.util.List;

/**
 * What {@code repair} changes (a plan) or changed (after it ran).
 *
 * @param removedFailedRows history rows of failed attempts that were removed
 * @param realignedChecksums applied migrations whose recorded checksum now matches the file
 */
public record RepairResult(String runId, List<String> removedFailedRows, List<String> realignedChecksums, boolean applied) {
    public boolean nothingToDo() {
        return removedFailedRows.isEmpty() && realignedChecksums.isEmpty();
    }
}
