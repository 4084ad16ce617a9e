package dev.ferry.migration;

import java.util.Locale;

/** Where a migration stands, combining what is on disk with what history says. */
public enum MigrationState {
    /** On disk, not applied yet. */
    PENDING(false),
    /** Applied, and the file still has the checksum it had then. */
    APPLIED(false),
    /** Applied, but the file changed since: someone edited a migration that already ran. */
    DRIFTED(true),
    /** Applied, but no file claims it any more. */
    MISSING(true),
    /** The last attempt failed. */
    FAILED(true),
    /** Applied, then rolled back; migrate applies it again. */
    ROLLED_BACK(false),
    /** Not applied, yet older than the newest applied version (typical after merging a branch). */
    OUT_OF_ORDER(true),
    /** A repeatable migration whose file changed since it last ran; migrate re-runs it. */
    OUTDATED(false),
    /** The baseline marker. */
    BASELINE(false),
    /** At or below the baseline version: treated as already part of the database. */
    BELOW_BASELINE(false);

    private final boolean problem;

    MigrationState(boolean problem) {
        this.problem = problem;
    }

    /** Whether {@code validate} reports this state as a problem. */
    public boolean isProblem() {
        return problem;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
