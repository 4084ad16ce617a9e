package dev.ferry.verify;

/**
 * A business rule: a query that returns the rows breaking it (no rows means the rule holds).
 * The first column of each row is shown as the sample key.
 */
public record Rule(String name, Severity severity, String sql, String description, String source) {
}
