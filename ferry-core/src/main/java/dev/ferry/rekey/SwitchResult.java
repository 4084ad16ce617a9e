package dev.ferry.rekey;

import java.util.List;

/**
 * What {@code rekey switch} did (or in a dry run would do), the verification of every key and
 * reference after it, and the longest its statements held a lock of each kind.
 */
public record SwitchResult(String runId, boolean dryRun, List<String> statements, List<KeyCheck> verification, List<LockHeld> longestLocks) {
    public boolean verified() {
        return verification.stream().allMatch(KeyCheck::clean);
    }
}
