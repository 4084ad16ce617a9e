package dev.ferry;

/**
 * What kind of failure a {@link FerryException} reports. Each code maps to a distinct process exit
 * code, so scripts and CI pipelines can tell "the database said no" from "you typed it wrong".
 */
public enum ErrorCode {
    /** A runtime failure: an SQL error, an unreachable server, an I/O problem. */
    FAILURE(1),
    /** The user's input is wrong: configuration, file names, arguments. Nothing was changed. */
    INVALID_INPUT(2),
    /** A check ran and found problems (drift, missing files, failed rows, mismatching data). */
    VALIDATION_FAILED(3),
    /** Another process holds the lock and did not release it in time. */
    LOCK_NOT_ACQUIRED(4),
    /** Refused because the action is destructive and was not confirmed for this environment. */
    REFUSED_FOR_SAFETY(5);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
