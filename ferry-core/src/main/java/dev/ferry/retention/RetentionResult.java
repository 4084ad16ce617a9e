package dev.ferry.retention;

import dev.ferry.config.RetentionKind;
import java.time.Instant;
import java.util.List;

/**
 * What a prune deleted (or, for a dry run, would delete) of each kind, and why the rest was kept.
 *
 * @param runId the prune's run, {@code null} for a dry run
 */
public record RetentionResult(String runId, String environment, boolean dryRun, List<KindOutcome> kinds) {

    /**
     * One kind: the rule applied and the entries on either side of it.
     *
     * @param rule the rule as written in ferry.yaml, empty when the kind has none (then nothing of it is touched)
     * @param note why the kind was not looked at, or {@code null}
     */
    public record KindOutcome(RetentionKind kind, String rule, List<Entry> deleted, List<Entry> kept, String note) {
        public long deletedCount() {
            return deleted.stream().mapToLong(Entry::count).sum();
        }
    }

    /**
     * One backup, snapshot, run or group of audit entries.
     *
     * @param count how many things the entry stands for: the audit rows of an audit entry; 1 otherwise
     * @param reason why it is kept, or why no rule keeps it
     */
    public record Entry(String name, Instant at, long count, String reason) {
    }

    public KindOutcome kind(RetentionKind kind) {
        return kinds.stream().filter(k -> k.kind() == kind).findFirst().orElseThrow();
    }

    /** Everything deleted (or to be deleted), over all kinds. */
    public long deletedCount() {
        return kinds.stream().mapToLong(KindOutcome::deletedCount).sum();
    }
}
