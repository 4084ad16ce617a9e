package dev.ferry.deploy;

import java.time.Instant;

/**
 * One step of a deploy as the report shows it.
 *
 * @param name preflight, backup, migrate, seed or verify
 * @param startedAt {@code null} when the step did not start
 * @param durationMs 0 when the step did not start
 * @param detail what the step did, or why it failed or was skipped
 * @param runId the run id of the command the step ran (its own log and report), or {@code null}
 */
public record DeployStep(String name, StepStatus status, Instant startedAt, long durationMs, String detail, String runId) {

    static DeployStep notRun(String name) {
        return new DeployStep(name, StepStatus.NOT_RUN, null, 0, "an earlier step failed", null);
    }
}
