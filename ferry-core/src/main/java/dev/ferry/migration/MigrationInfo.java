package dev.ferry.migration;

import java.time.Instant;

/**
 * One line of {@code ferry status}: a migration known from disk, from history, or both.
 *
 * @param migration the file, or {@code null} when it is missing
 * @param row the latest history row, or {@code null} when it never ran
 */
public record MigrationInfo(
        String version,
        String description,
        MigrationType type,
        String script,
        MigrationState state,
        Instant installedAt,
        String installedBy,
        Long executionMs,
        String detail,
        @com.fasterxml.jackson.annotation.JsonIgnore Migration migration,
        @com.fasterxml.jackson.annotation.JsonIgnore HistoryRow row) {

    /** Whether it is (or was applied from) a Java migration class rather than a script. */
    public boolean isJava() {
        return migration != null ? migration.isJava() : JavaMigrationNames.isClassName(script);
    }

    /** Whether {@code migrate} would run it now. */
    public boolean isPending(boolean outOfOrderAllowed) {
        if (migration == null) {
            return false;
        }
        return switch (state) {
            case PENDING, ROLLED_BACK, OUTDATED -> true;
            case OUT_OF_ORDER -> outOfOrderAllowed;
            case FAILED -> row != null && !row.partiallyApplied();
            default -> false;
        };
    }
}
