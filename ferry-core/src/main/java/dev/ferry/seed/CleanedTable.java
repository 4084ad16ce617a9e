package dev.ferry.seed;

/** A table {@code --clean} emptied (or, in a dry run, would empty), with its row count. */
public record CleanedTable(String table, long rows) {
}
