package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Multi-row INSERT statements of up to {@value #ROWS_PER_STATEMENT} rows, prepared once per
 * statement size. Values arriving in PostgreSQL's text forms are normalized for MariaDB's column
 * types: {@code t}/{@code f} booleans become 1/0, timestamps with an offset become UTC, binary
 * values in {@link BinaryText}'s hex form are bound as bytes (into BIT and spatial columns too), and so are UUIDs bound for a BINARY(16);
 * a bit string's digits ({@code 0110}) are bound as the number they spell.
 */
final class MariaDbInsertWriter implements BulkWriter {
    static final int ROWS_PER_STATEMENT = 500;
    private static final Pattern WITH_OFFSET = Pattern.compile("\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?([+-]\\d\\d(:?\\d\\d)?|Z)");
    private static final DateTimeFormatter PG_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss][.SSSSSS][.SSSSS][.SSSS][.SSS][.SS][.S][XXX][XX][X]");
    private static final DateTimeFormatter MARIADB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final Connection connection;
    private final List<ColumnInfo> columns;
    private final String prefix;
    private final String oneRow;
    private PreparedStatement full;

    MariaDbInsertWriter(Connection c, TableRef table, List<ColumnInfo> columns, MariaDbDialect dialect) {
        this.connection = c;
        this.columns = columns;
        this.prefix = "INSERT INTO " + table.quoted(dialect) + " (" + columns.stream().map(ci -> dialect.quote(ci.name()))
                .collect(Collectors.joining(", ")) + ") VALUES ";
        this.oneRow = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    }

    @Override
    public void write(List<String[]> rows) throws SQLException {
        int i = 0;
        while (i < rows.size()) {
            int n = Math.min(ROWS_PER_STATEMENT, rows.size() - i);
            PreparedStatement ps = n == ROWS_PER_STATEMENT ? fullStatement() : connection.prepareStatement(sql(n));
            try {
                int p = 1;
                for (int r = i; r < i + n; r++) {
                    String[] row = rows.get(r);
                    for (int col = 0; col < row.length; col++) {
                        ColumnInfo column = columns.get(col);
                        if (column.isUuidBinary() && BinaryText.isUuid(row[col])) {
                            ps.setBytes(p++, BinaryText.uuidBytes(row[col]));
                        } else if (column.holdsBytes() && BinaryText.isHex(row[col])) {
                            ps.setBytes(p++, BinaryText.bytes(row[col]));
                        } else if (column.isBitString() && isBitDigits(row[col])) {
                            // A string would be stored as its characters' bytes; the digits' number is the bits.
                            ps.setLong(p++, Long.parseUnsignedLong(row[col], 2));
                        } else {
                            ps.setString(p++, normalize(column, row[col]));
                        }
                    }
                }
                ps.executeUpdate();
            } finally {
                if (ps != full) {
                    ps.close();
                }
            }
            i += n;
        }
    }

    private PreparedStatement fullStatement() throws SQLException {
        if (full == null || full.isClosed()) {
            full = connection.prepareStatement(sql(ROWS_PER_STATEMENT));
        }
        return full;
    }

    private String sql(int rows) {
        return prefix + String.join(", ", Collections.nCopies(rows, oneRow));
    }

    private static boolean isBitDigits(String v) {
        return v != null && !v.isEmpty() && v.length() <= 64 && v.chars().allMatch(ch -> ch == '0' || ch == '1');
    }

    static String normalize(ColumnInfo column, String value) {
        if (value == null) {
            return null;
        }
        if (column.isBooleanLike()) {
            return switch (value) {
                case "t", "true", "TRUE", "y", "yes" -> "1";
                case "f", "false", "FALSE", "n", "no" -> "0";
                default -> value;
            };
        }
        if (column.isDateTime() && WITH_OFFSET.matcher(value).matches()) {
            try {
                return OffsetDateTime.parse(value.replace('T', ' ').replace("Z", "+00"), PG_OFFSET)
                        .withOffsetSameInstant(ZoneOffset.UTC).format(MARIADB);
            } catch (DateTimeParseException e) {
                return value;
            }
        }
        return value;
    }
}
