package dev.ferry.seed;

/** What happened to one seed file in a run. */
public enum SeedStatus {
    /** Applied in its own transaction and recorded in the history. */
    APPLIED,
    /** Skipped: applied before with the same checksum. */
    UNCHANGED,
    /** Dry run: would be applied. */
    WOULD_APPLY,
    /** Skipped by {@code --minimal}: the file is not marked essential. */
    NOT_ESSENTIAL,
    /** Its transaction rolled back; the run stopped here. */
    FAILED,
    /** Not reached because an earlier file failed. */
    NOT_RUN
}
