package dev.ferry.db;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * Reads result rows as Ferry's text values: each column as the database prints it, except binary
 * columns, which are read as bytes and written in {@link BinaryText}'s hex form, so that they
 * survive the trip whatever bytes they hold, and MariaDB's {@code BIT(n)}, which its driver prints
 * as {@code b'110'}: those are written as their n binary digits ({@code 00110}), the text
 * PostgreSQL's {@code bit(n)} reads and prints. Made once per result set.
 */
public final class TextRow {
    private final boolean[] binary;
    /** Per column, the width of a BIT column ({@code 0}: not one). */
    private final int[] bits;

    private TextRow(boolean[] binary, int[] bits) {
        this.binary = binary;
        this.bits = bits;
    }

    public static TextRow of(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        boolean[] binary = new boolean[md.getColumnCount()];
        int[] bits = new int[binary.length];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = BinaryText.isBinary(md.getColumnType(i + 1));
            bits[i] = "bit".equalsIgnoreCase(md.getColumnTypeName(i + 1)) ? Math.max(1, md.getPrecision(i + 1)) : 0;
        }
        return new TextRow(binary, bits);
    }

    /** Column {@code column} (1-based) of the current row. */
    public String get(ResultSet rs, int column) throws SQLException {
        if (binary[column - 1]) {
            return BinaryText.of(rs.getBytes(column));
        }
        String v = rs.getString(column);
        return bits[column - 1] > 0 ? bitDigits(v, bits[column - 1]) : v;
    }

    /** {@code b'110'} as {@code width} binary digits; any other text (PostgreSQL's own digits) as it is. */
    private static String bitDigits(String v, int width) {
        if (v == null || !v.startsWith("b'") || !v.endsWith("'")) {
            return v;
        }
        String digits = v.substring(2, v.length() - 1);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
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
