package dev.ferry.transfer.plan;

import java.util.List;

/**
 * Target column {@code target} gets entity {@code entity}'s new key for the legacy key in source
 * column {@code from} (or in {@code fromColumns}, read as one {@link KeyTuples tuple}, when the
 * parent's key is composite); {@code onMissingParent} says what happens when that parent is not in the target.
 * A {@code deferred} reference is written NULL by its entity and filled in a second pass after the parent is loaded.
 */
public record ReferencePlan(String target, String from, String entity, MissingParent onMissingParent,
                            /** The source columns holding the parent's legacy key: {@code from}, or several for a parent with a composite key. */
                            List<String> fromColumns, boolean deferred) {

    public ReferencePlan(String target, String from, String entity, MissingParent onMissingParent, boolean deferred) {
        this(target, from, entity, onMissingParent, List.of(from), deferred);
    }

    public ReferencePlan(String target, String from, String entity, MissingParent onMissingParent) {
        this(target, from, entity, onMissingParent, false);
    }

    public ReferencePlan(String target, String from, String entity) {
        this(target, from, entity, MissingParent.REJECT);
    }

    /** Whether the parent's legacy key is a tuple of several source columns. */
    public boolean composite() {
        return fromColumns.size() > 1;
    }
}
