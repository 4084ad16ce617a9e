package dev.ferry.protection;

/**
 * One thing wrong with the protected data.
 *
 * @param kind {@code missing_table}, {@code missing} (a required row), {@code invalid} (fails its
 *             JSON Schema) or {@code check} (returned by an SQL check)
 * @param key the row's key ({@code |} between the values of a composite key), or {@code null}
 */
public record ProtectionProblem(String table, String kind, String key, String message) {
    public static final String MISSING_TABLE = "missing_table";
    public static final String MISSING = "missing";
    public static final String INVALID = "invalid";
    public static final String CHECK = "check";

    /** Whether restoring the row from a snapshot can fix it. */
    public boolean recoverable() {
        return MISSING.equals(kind) || INVALID.equals(kind);
    }
}
