package dev.ferry.seed;

import dev.ferry.db.ColumnInfo;
import dev.ferry.db.TableRef;
import java.util.List;
import java.util.Map;

/**
 * The table a data file fills, checked against the database.
 *
 * @param columns the file's column names to the table's columns
 * @param key the columns rows are matched on (the table's names), a primary or unique key
 */
record SeedTarget(TableRef table, Map<String, ColumnInfo> columns, List<String> key) {
}
