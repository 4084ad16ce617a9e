package dev.ferry.migration;

import java.util.List;

/** What {@code rollback} did (or, for a dry run, would do). */
public record RollbackResult(
        String runId,
        String environment,
        String database,
        String schemaVersionBefore,
        String schemaVersionAfter,
        List<AppliedMigration> rolledBack,
        boolean dryRun,
        String dryRunSql) {
}
