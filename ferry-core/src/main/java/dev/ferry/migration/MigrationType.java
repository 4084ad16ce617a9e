package dev.ferry.migration;

/** What a history row or a script is. */
public enum MigrationType {
    /** Runs once, in version order. */
    VERSIONED,
    /** Re-runs whenever its checksum changes, after all versioned migrations. */
    REPEATABLE,
    /** Marks an existing database as being at a version; nothing ran. */
    BASELINE
}
