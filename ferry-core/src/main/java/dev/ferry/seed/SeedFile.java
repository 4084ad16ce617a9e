package dev.ferry.seed;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A seed file as scanned, before anything touches the database.
 *
 * @param name the path inside the environment's seed folder, as recorded in the history
 * @param display the path from the project directory, for messages
 * @param table the table a data file fills ({@code null} for SQL)
 * @param key the key columns a data file declares; empty means the table's primary key
 * @param columns for data files: every column named, with the first line naming it
 * @param rowCount for data files: how many rows the file holds; for SQL files 0
 */
record SeedFile(Path path, String name, String display, SeedKind kind, String checksum, boolean essential, String table,
                List<String> key, Map<String, Integer> columns, long rowCount) {

    boolean isData() {
        return kind != SeedKind.SQL;
    }

    /** Streams the rows of a data file. */
    SeedRows readRows() {
        return kind == SeedKind.CSV ? new CsvSeed(this) : new YamlSeed(this);
    }
}
