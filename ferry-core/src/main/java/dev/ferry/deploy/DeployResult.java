package dev.ferry.deploy;

import java.nio.file.Path;
import java.util.List;

/**
 * What a deploy did, step by step. A deploy that stopped at a step is a result too (not an
 * exception), so its report and the way back (the restore command) are never lost.
 *
 * @param runId the deploy's run id ({@code .ferry/logs/<run>.jsonl}); {@code null} for a dry run
 * @param serverVersion the database server's version, as the preflight read it; {@code null} when it could not connect
 * @param pending the migrations the deploy applies (or would apply)
 * @param backupArchive the archive the deploy took (or, for a dry run, the directory it would go to); {@code null} when none
 * @param restoreCommand the command that puts the data back as the backup holds it; {@code null} without a backup
 * @param restoreNote what to do before that command, when the failed deploy left the schema at another version than the backup's; else {@code null}
 * @param exitCode 0 when every step succeeded, otherwise the code of the failure (1 step failed, 2 invalid input, 3 verification or validation failed, 4 lock held)
 * @param error why the deploy stopped; {@code null} when it did not
 * @param reports the Markdown and JSON reports; empty for a dry run
 */
public record DeployResult(String runId, String environment, String database, String serverVersion, boolean dryRun,
                           List<DeployStep> steps, List<PendingMigration> pending, Path backupArchive, String restoreCommand,
                           String restoreNote, long durationMs, int exitCode, String error, List<Path> reports) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    public DeployStep step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /** The step that stopped the deploy, or {@code null}. */
    public DeployStep failedStep() {
        return steps.stream().filter(s -> s.status() == StepStatus.FAILED).findFirst().orElse(null);
    }
}
