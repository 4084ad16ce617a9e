package dev.ferry.deploy;

/** Where one deploy step ended: a failed step stops the deploy, and every later step stays {@code NOT_RUN}. */
public enum StepStatus {
    /** The step ran and succeeded. */
    OK,
    /** The step ran and failed; the deploy stopped here. */
    FAILED,
    /** The step was left out on purpose (no {@code --seed}, {@code --skip-backup}, nothing to back up). */
    SKIPPED,
    /** A dry run: the step would run. */
    PLANNED,
    /** An earlier step failed, so this one never started. */
    NOT_RUN
}
