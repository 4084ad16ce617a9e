package dev.ferry.rekey;

import java.util.List;

/** What {@code rekey switch} did (or in a dry run would do), and the verification of every key and reference after it. */
public record SwitchResult(String runId, boolean dryRun, List<String> statements, List<KeyCheck> verification) {
    public boolean verified() {
        return verification.stream().allMatch(KeyCheck::clean);
    }
}
