package dev.ferry.migration;

import java.time.Instant;

/**
 * One row of {@code ferry_schema_history}. Rows are appended, never rewritten except for their
 * status (rolled back) and, by {@code repair}, their checksum; the latest row of a version wins.
 *
 * @param statementsCommitted for a failed row: statements that stayed applied (0 when its transaction rolled back)
 */
public record HistoryRow(
        int rank,
        String version,
        String description,
        MigrationType type,
        String script,
        String checksum,
        String installedBy,
        Instant installedAt,
        long executionMs,
        HistoryStatus status,
        String downScript,
        String downChecksum,
        Integer statementsCommitted,
        String errorDetail) {

    public Version parsedVersion() {
        return version == null ? null : Version.parse(version);
    }

    /** A failure that left part of the migration applied (possible only without transactional DDL). */
    public boolean partiallyApplied() {
        return status == HistoryStatus.FAILED && statementsCommitted != null && statementsCommitted > 0;
    }
}
