package dev.ferry.db;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;

/** COPY ... FROM STDIN in text format through the driver's copy API: the fastest way into PostgreSQL. */
final class PostgresCopyWriter implements BulkWriter {
    private static final Pattern COPY_LINE = Pattern.compile("COPY [^,]+, line (\\d+)");

    private final CopyManager copy;
    private final String sql;
    private final Utf8Buffer buffer = new Utf8Buffer(1 << 16);
    /** Per column, whether it is a {@code uuid}: a UUID's 16 bytes (from a BINARY(16)) are written as its text. */
    private final boolean[] uuid;

    PostgresCopyWriter(Connection c, TableRef table, List<ColumnInfo> columns, PostgresDialect dialect) throws SQLException {
        this.copy = c.unwrap(PGConnection.class).getCopyAPI();
        this.sql = "COPY " + table.quoted(dialect) + " (" + columns.stream().map(ci -> dialect.quote(ci.name()))
                .collect(Collectors.joining(", ")) + ") FROM STDIN";
        this.uuid = new boolean[columns.size()];
        for (int i = 0; i < uuid.length; i++) {
            uuid[i] = columns.get(i).type().equals("uuid");
        }
    }

    @Override
    public void write(List<String[]> rows) throws SQLException {
        buffer.reset();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    buffer.put('\t');
                }
                String v = row[i];
                if (v == null) {
                    buffer.put('\\');
                    buffer.put('N');
                } else {
                    escape(uuid[i] ? BinaryText.uuidText(v) : v);
                }
            }
            buffer.put('\n');
        }
        try {
            copy.copyIn(sql, new ByteArrayInputStream(buffer.array(), 0, buffer.size()), 1 << 16);
        } catch (IOException e) {
            throw new SQLException("COPY stream failed: " + e.getMessage(), "08006", e);
        }
    }

    /** Appends a value in COPY's text format, escaping the four characters that need a backslash. */
    private void escape(String v) {
        buffer.reserve(v.length() * 3 + 2);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> buffer.putTwo('\\', '\\');
                    case '\n' -> buffer.putTwo('\\', 'n');
                    case '\r' -> buffer.putTwo('\\', 'r');
                    case '\t' -> buffer.putTwo('\\', 't');
                    default -> buffer.putReserved((byte) c);
                }
            } else {
                i = buffer.putNonAscii(v, i);
            }
        }
    }

    @Override
    public int failingRow(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null && p.getServerErrorMessage().getWhere() != null) {
            Matcher m = COPY_LINE.matcher(p.getServerErrorMessage().getWhere());
            if (m.find()) {
                return Integer.parseInt(m.group(1)) - 1;
            }
        }
        return -1;
    }
}
