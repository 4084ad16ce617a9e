package dev.ferry.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PostgreSQL's COPY text format for databases without COPY: one row per line, values separated
 * by tabs, {@code \N} for null, and backslash escapes for backslash, newline, carriage return and tab.
 */
final class CopyText {
    private CopyText() {
    }

    /** Appends one value, escaped; {@code null} becomes {@code \N}. */
    public static void append(StringBuilder sb, String value) {
        if (value == null) {
            sb.append("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
    }

    /** Reads rows one line at a time from a stream, without holding more than one line. */
    public static final class Reader {
        private final InputStream in;
        private final int columns;
        private byte[] line = new byte[8192];
        private final byte[] buffer = new byte[1 << 16];
        private int pos;
        private int limit;

        public Reader(InputStream in, int columns) {
            this.in = in;
            this.columns = columns;
        }

        /** The next row, or {@code null} at the end of the stream. */
        public String[] next() throws IOException {
            int len = 0;
            while (true) {
                if (pos == limit) {
                    limit = in.read(buffer);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        if (len == 0) {
                            return null;
                        }
                        throw new IOException("the row data ends in the middle of a line");
                    }
                }
                byte b = buffer[pos++];
                if (b == '\n') {
                    break;
                }
                if (len == line.length) {
                    line = Arrays.copyOf(line, len * 2);
                }
                line[len++] = b;
            }
            return split(len);
        }

        private String[] split(int len) throws IOException {
            List<String> values = new ArrayList<>(columns);
            int start = 0;
            for (int i = 0; i <= len; i++) {
                if (i == len || line[i] == '\t') {
                    values.add(unescape(start, i));
                    start = i + 1;
                }
            }
            if (values.size() != columns) {
                throw new IOException("a row has " + values.size() + " values where " + columns + " columns were expected");
            }
            return values.toArray(new String[0]);
        }

        private String unescape(int from, int to) {
            if (to - from == 2 && line[from] == '\\' && line[from + 1] == 'N') {
                return null;
            }
            int backslash = -1;
            for (int i = from; i < to; i++) {
                if (line[i] == '\\') {
                    backslash = i;
                    break;
                }
            }
            if (backslash < 0) {
                return new String(line, from, to - from, StandardCharsets.UTF_8);
            }
            byte[] out = new byte[to - from];
            int n = 0;
            for (int i = from; i < to; i++) {
                byte b = line[i];
                if (b == '\\' && i + 1 < to) {
                    byte e = line[++i];
                    out[n++] = switch (e) {
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        default -> e;
                    };
                } else {
                    out[n++] = b;
                }
            }
            return new String(out, 0, n, StandardCharsets.UTF_8);
        }
    }
}
