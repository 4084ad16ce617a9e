package dev.ferry.seed;

/**
 * One seed file in a run.
 *
 * @param file the path from the project directory
 * @param table the table a data file fills ({@code null} for SQL)
 * @param rows rows upserted (data files) or changed (SQL files); for a dry run, the rows a data file holds
 */
public record SeedFileResult(String file, SeedKind kind, String table, boolean essential, SeedStatus status, long rows, String checksum,
                             long ms) {
}
