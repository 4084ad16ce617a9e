package dev.ferry.transfer.plan;

/**
 * Target column {@code target} gets entity {@code entity}'s new key for the legacy key in source
 * column {@code from}; {@code onMissingParent} says what happens when that parent is not in the target.
 * A {@code deferred} reference is written NULL by its entity and filled in a second pass after the parent is loaded.
 */
public record ReferencePlan(String target, String from, String entity, MissingParent onMissingParent, boolean deferred) {

    public ReferencePlan(String target, String from, String entity) {
        this(target, from, entity, MissingParent.REJECT);
    }

    public ReferencePlan(String target, String from, String entity, MissingParent onMissingParent) {
        this(target, from, entity, onMissingParent, false);
    }
}
