package dev.ferry.backup;

import java.nio.file.Path;
import java.util.List;

/**
 * A restore, done or (dry run) planned.
 *
 * @param safetyBackup the backup of the replaced tables taken first; {@code null} in a dry run or when no table was replaced
 * @param safetyEncrypted whether that backup is encrypted (with {@link RestoreOptions#safetyPassphrase()})
 * @param objects the schema objects besides tables the restore created, each as {@code kind schema.name}
 *     (types, sequences, routines, views, triggers the target lacked); empty in a dry run
 * @param history what became of the environment's schema history: recorded at the archive's schema version, already
 *                there, or what to run so that {@code status} and {@code migrate} know the schema
 */
public record RestoreResult(String runId, Path archive, String environment, boolean dryRun, Path safetyBackup, boolean safetyEncrypted,
                            long rows, long durationMs, List<TableRestore> tables, List<String> objects, String history) {

    /** One table: {@code action} is {@code replace} or {@code create}; rows before (existing table) and restored. */
    public record TableRestore(String table, String action, Long rowsBefore, long rowsRestored) {
    }
}
