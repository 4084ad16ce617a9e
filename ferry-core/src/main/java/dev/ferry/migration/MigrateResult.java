package dev.ferry.migration;

import java.util.List;

/**
 * What {@code migrate} did.
 *
 * @param runId the run's id in {@code .ferry/logs/} and {@code .ferry/reports/}; {@code null} for a dry run
 * @param dryRunSql the SQL a dry run would execute, or {@code null}
 */
public record MigrateResult(
        String runId,
        String environment,
        String database,
        String schemaVersionBefore,
        String schemaVersionAfter,
        List<AppliedMigration> applied,
        boolean dryRun,
        String dryRunSql,
        List<String> notes) {
}
