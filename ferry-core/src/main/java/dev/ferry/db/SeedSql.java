package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The SQL of seed files: the seed history table, upserts by a unique key, and values written as
 * text. A part of its own so that seeding's needs grow here, not in {@link Dialect}.
 */
public interface SeedSql {
    /**
     * A parameterized statement that inserts one row into {@code columns} or, when a row with the
     * same {@code key} exists, updates its other given columns; run again it changes nothing more.
     * {@code key} must be the primary key or a unique key of the table.
     */
    String upsert(TableRef table, List<String> columns, List<String> key);

    /** The column lists of the table's primary key and unique keys (full, not partial ones). */
    List<List<String>> uniqueKeys(Connection c, TableRef table) throws SQLException;

    /** DDL for the seed history table; {@code qualifiedName} is already quoted. */
    String createSeedHistoryTable(String qualifiedName);

    /** A value written as text (a seed file's cell) in the form this database accepts for the column. */
    default String textForColumn(ColumnInfo column, String value) {
        return value;
    }
}
