package dev.ferry.retention;

import dev.ferry.config.RetentionKind;
import dev.ferry.config.RetentionRule;
import dev.ferry.run.RunJournal;
import java.time.Instant;
import java.util.List;

/** What Ferry holds of one kind: listed for a rule to judge, and deleted once it has. */
interface Holdings<T> {
    RetentionKind kind();

    /** Why this kind is not looked at here (say, no protected data declared), or {@code null}. */
    default String unavailable() {
        return null;
    }

    /** Everything of this kind, newest first, the pinned ones marked. */
    List<Candidate<T>> candidates(RetentionRule rule, Instant now);

    /** Deletes what the rule did not keep, logging each into the prune's journal. */
    void delete(List<Candidate<T>> doomed, RunJournal journal);
}
