package dev.ferry.seed;

import java.util.Map;

/**
 * One row of a CSV or YAML seed file: column name to value as text ({@code null} for SQL NULL).
 *
 * @param line where the row starts in its file, for messages
 */
record SeedRow(int line, Map<String, String> values) {
}
