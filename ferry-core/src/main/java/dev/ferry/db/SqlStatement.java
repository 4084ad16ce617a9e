package dev.ferry.db;

/**
 * One statement of a script, with the line where it starts so errors can point at it.
 *
 * @param line 1-based line in the file the script came from
 */
public record SqlStatement(String sql, int line) {
}
