package dev.ferry.migration;

import java.util.List;

/**
 * What {@code rollback} did (or, for a dry run, would do).
 *
 * @param backupArchive the backup taken before the down scripts ran ({@code backup_before_rollback},
 *     or a protected environment), or {@code null}
 */
public record RollbackResult(
        String runId,
        String environment,
        String database,
        String schemaVersionBefore,
        String schemaVersionAfter,
        List<AppliedMigration> rolledBack,
        boolean dryRun,
        String dryRunSql,
        String backupArchive) {

    RollbackResult withBackup(String archive) {
        return new RollbackResult(runId, environment, database, schemaVersionBefore, schemaVersionAfter, rolledBack, dryRun, dryRunSql, archive);
    }
}
