package dev.ferry.backup;

import java.nio.file.Path;
import java.util.List;

/**
 * A restore, done or (dry run) planned.
 *
 * @param safetyBackup the backup of the replaced tables taken first; {@code null} in a dry run or when no table was replaced
 * @param objects the schema objects besides tables the restore created, each as {@code kind schema.name}
 *     (types, sequences, routines, views, triggers the target lacked); empty in a dry run
 */
public record RestoreResult(String runId, Path archive, String environment, boolean dryRun, Path safetyBackup, long rows,
                            long durationMs, List<TableRestore> tables, List<String> objects) {

    /** One table: {@code action} is {@code replace} or {@code create}; rows before (existing table) and restored. */
    public record TableRestore(String table, String action, Long rowsBefore, long rowsRestored) {
    }
}
