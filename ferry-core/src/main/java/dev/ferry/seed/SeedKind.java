package dev.ferry.seed;

/** What a seed file holds: SQL statements, or rows as CSV or YAML. */
public enum SeedKind {
    SQL, CSV, YAML
}
