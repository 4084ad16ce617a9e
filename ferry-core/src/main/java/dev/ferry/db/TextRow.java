package dev.ferry.db;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * Reads result rows as Ferry's text values: each column as the database prints it, except binary
 * columns, which are read as bytes and written in {@link BinaryText}'s hex form, so that they
 * survive the trip whatever bytes they hold. Made once per result set.
 */
public final class TextRow {
    private final boolean[] binary;

    private TextRow(boolean[] binary) {
        this.binary = binary;
    }

    public static TextRow of(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        boolean[] binary = new boolean[md.getColumnCount()];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = BinaryText.isBinary(md.getColumnType(i + 1));
        }
        return new TextRow(binary);
    }

    /** Column {@code column} (1-based) of the current row. */
    public String get(ResultSet rs, int column) throws SQLException {
        return binary[column - 1] ? BinaryText.of(rs.getBytes(column)) : rs.getString(column);
    }

    /** The first {@code width} columns of the current row. */
    public String[] read(ResultSet rs, int width) throws SQLException {
        String[] row = new String[width];
        for (int i = 0; i < width; i++) {
            row[i] = get(rs, i + 1);
        }
        return row;
    }
}
