package dev.ferry.retention;

import dev.ferry.config.RetentionRule;
import dev.ferry.run.RunJournal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a rule makes of one kind's candidates: which go, which stay and why. */
final class Decision<T> {
    private final Holdings<T> holdings;
    private final String rule;
    private final String note;
    private final List<Candidate<T>> doomed = new ArrayList<>();
    private final List<Candidate<T>> kept = new ArrayList<>();
    private final List<RetentionResult.Entry> deletedEntries = new ArrayList<>();
    private final List<RetentionResult.Entry> keptEntries = new ArrayList<>();

    Decision(Holdings<T> holdings, RetentionRule rule, List<Candidate<T>> newestFirst, Instant now) {
        this.holdings = holdings;
        this.rule = rule.describe();
        this.note = null;
        Map<Candidate<T>, String> keptBy = KeepRules.kept(rule, newestFirst, Candidate::at, now);
        for (Candidate<T> c : newestFirst) {
            String why = c.pinned() != null ? c.pinned() : keptBy.get(c);
            if (why != null) {
                kept.add(c);
                keptEntries.add(new RetentionResult.Entry(c.name(), c.at(), c.count(), why));
            } else {
                doomed.add(c);
                deletedEntries.add(new RetentionResult.Entry(c.name(), c.at(), c.count(), "kept by no rule (" + this.rule + ")"));
            }
        }
    }

    private Decision(Holdings<T> holdings, String note) {
        this.holdings = holdings;
        this.rule = "";
        this.note = note;
    }

    static <T> Decision<T> untouched(Holdings<T> holdings, String note) {
        return new Decision<>(holdings, note);
    }

    List<T> keptItems() {
        return kept.stream().map(Candidate::item).toList();
    }

    void apply(RunJournal journal) {
        if (!doomed.isEmpty()) {
            holdings.delete(doomed, journal);
        }
    }

    RetentionResult.KindOutcome outcome() {
        return new RetentionResult.KindOutcome(holdings.kind(), rule, List.copyOf(deletedEntries), List.copyOf(keptEntries), note);
    }
}
