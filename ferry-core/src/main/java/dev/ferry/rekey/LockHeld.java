package dev.ferry.rekey;

/**
 * The longest a phase's statements held their locks, of one kind: {@code blocking} (a statement or
 * transaction the application's writers may queue behind: DDL, the switch's transaction, one backfill
 * batch on its rows) or {@code concurrent} (index builds and validations that let writes go on).
 * {@code heldMs} is the statement's wall time from its start to its commit, so it includes any wait
 * for the lock: an upper bound of the time held.
 */
public record LockHeld(String phase, String kind, String statement, long heldMs, long lockTimeoutMs, String runId) {
    public static final String BLOCKING = "blocking";
    public static final String CONCURRENT = "concurrent";

    /** Whether a blocking lock was held longer than the plan lets any statement wait for one. */
    public boolean longerThanLockTimeout() {
        return kind.equals(BLOCKING) && heldMs > lockTimeoutMs;
    }
}
