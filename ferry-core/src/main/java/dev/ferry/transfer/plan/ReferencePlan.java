package dev.ferry.transfer.plan;

/**
 * Target column {@code target} gets entity {@code entity}'s new key for the legacy key in source
 * column {@code from}; {@code onMissingParent} says what happens when that parent is not in the target.
 */
public record ReferencePlan(String target, String from, String entity, MissingParent onMissingParent) {

    public ReferencePlan(String target, String from, String entity) {
        this(target, from, entity, MissingParent.REJECT);
    }
}
