package dev.ferry.transfer.plan;

/** Target column {@code target} gets entity {@code entity}'s new key for the legacy key in source column {@code from}. */
public record ReferencePlan(String target, String from, String entity) {
}
