package dev.ferry.schema;

/**
 * One difference between two schemas: an object only one side has, or one both have with
 * different definitions.
 *
 * @param before its definition on the first side ({@code null} when added)
 * @param after its definition on the second side ({@code null} when removed)
 */
public record SchemaChange(Change change, String schema, String kind, String name, String before, String after) {

    public enum Change { ADDED, REMOVED, CHANGED }

    /** "removed column orders.status", the way a person would say it. */
    public String describe() {
        return change.name().toLowerCase(java.util.Locale.ROOT) + " " + kind + " " + schema + "." + name;
    }
}
