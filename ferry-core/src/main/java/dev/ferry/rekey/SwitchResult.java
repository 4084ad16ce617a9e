package dev.ferry.rekey;

import java.util.List;

/**
 * What {@code rekey switch} did (or in a dry run would do), the verification of every key and
 * reference after it, the longest its statements held a lock of each kind, and each view over the
 * integer columns: its twin over the UUIDs, or why it has none.
 */
public record SwitchResult(String runId, boolean dryRun, List<String> statements, List<KeyCheck> verification, List<LockHeld> longestLocks,
                           List<ViewTwin> views) {
    public boolean verified() {
        return verification.stream().allMatch(KeyCheck::clean);
    }

    /** A view using the integer columns: {@code twin} where its query runs over the UUIDs, or {@code problem} when it has none. */
    public record ViewTwin(String view, String kind, String twin, String problem) {
    }
}
