package dev.ferry.retention;

import dev.ferry.config.Durations;
import dev.ferry.config.RetentionKind;
import dev.ferry.config.RetentionRule;
import dev.ferry.protection.Protection;
import dev.ferry.run.RunJournal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The audit trail, kept by age only: one candidate stands for every entry older than {@code max_age}. */
final class AuditEntries implements Holdings<Instant> {
    private final Protection protection;

    AuditEntries(Protection protection) {
        this.protection = protection;
    }

    @Override
    public RetentionKind kind() {
        return RetentionKind.AUDIT;
    }

    @Override
    public String unavailable() {
        return protection.data().isEmpty() ? "no protected_data declared in ferry.yaml, so no audit trail" : null;
    }

    @Override
    public List<Candidate<Instant>> candidates(RetentionRule rule, Instant now) {
        Instant cutoff = now.minus(rule.maxAge());
        long older = protection.auditEntriesBefore(cutoff);
        // Dated just before the cutoff, so that max_age does not keep it: these are exactly the entries it lets go.
        return older == 0 ? List.of() : List.of(new Candidate<>(cutoff, "entries older than " + Durations.format(rule.maxAge()),
                cutoff.minusMillis(1), older, null));
    }

    @Override
    public void delete(List<Candidate<Instant>> doomed, RunJournal journal) {
        for (Candidate<Instant> c : doomed) {
            long deleted = protection.deleteAuditBefore(c.item());
            journal.event("audit_pruned", Map.of("cutoff", c.item().toString(), "deleted", deleted));
        }
    }
}
