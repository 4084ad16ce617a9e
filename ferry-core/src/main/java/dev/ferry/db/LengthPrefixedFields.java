package dev.ferry.db;

import java.util.Arrays;

/**
 * Rewrites a COPY text line as {@link RowsHashForm} hashes it: each chosen field, unless it is
 * NULL ({@code \N}), becomes its value as COPY FROM reads it, preceded by its length in bytes and a
 * colon; the other fields stay as they are. One instance rewrites line after line into the same
 * buffer, so hashing a table allocates nothing per line.
 */
final class LengthPrefixedFields {
    private final boolean[] prefixed;
    private final int lastPrefixed;
    private byte[] out = new byte[256];
    private int size;
    private byte[] value = new byte[64];

    LengthPrefixedFields(boolean[] prefixed) {
        this.prefixed = prefixed;
        int last = -1;
        for (int i = 0; i < prefixed.length; i++) {
            last = prefixed[i] ? i : last;
        }
        this.lastPrefixed = last;
    }

    /** Rewrites the line (without its newline); the result is {@link #bytes()} up to {@link #length()}. */
    void rewrite(byte[] b, int off, int len) {
        size = 0;
        int end = off + len;
        int start = off;
        int unchanged = off; // bytes from here on are copied as they are, up to the next rewritten field
        for (int field = 0; ; field++) {
            if (field > lastPrefixed) {
                put(b, unchanged, end - unchanged); // no field after this one is rewritten
                return;
            }
            int i = start;
            boolean escaped = false;
            // A backslash quotes the byte after it, a tab included: only an unquoted tab ends the field.
            while ((i = nextTabOrBackslash(b, i, end)) < end && b[i] == '\\') {
                escaped = true;
                i += 2;
            }
            i = Math.min(i, end);
            if (field < prefixed.length && prefixed[field] && !isNull(b, start, i)) {
                put(b, unchanged, start - unchanged);
                if (escaped) {
                    int n = unescape(b, start, i);
                    prefix(n);
                    put(value, 0, n);
                } else {
                    prefix(i - start);
                    put(b, start, i - start);
                }
                unchanged = i;
            }
            if (i >= end) {
                put(b, unchanged, end - unchanged);
                return;
            }
            start = i + 1;
        }
    }

    /** The position of the first tab or backslash in {@code b[from, to)}, or {@code to}: eight bytes a step, as most fields hold neither. */
    private static int nextTabOrBackslash(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = WordScan.word(b, i);
            long found = WordScan.zeros(w ^ (WordScan.ONES * '\t')) | WordScan.zeros(w ^ (WordScan.ONES * '\\'));
            if (found != 0) {
                return i + WordScan.firstFlagged(found);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\t' || b[i] == '\\') {
                return i;
            }
        }
        return to;
    }

    byte[] bytes() {
        return out;
    }

    int length() {
        return size;
    }

    private static boolean isNull(byte[] b, int start, int end) {
        return end - start == 2 && b[start] == '\\' && b[start + 1] == 'N';
    }

    /** The field's value into {@link #value}, as PostgreSQL's COPY FROM reads text format; returns its length. */
    private int unescape(byte[] b, int start, int end) {
        if (value.length < end - start) {
            value = new byte[Math.max(value.length * 2, end - start)];
        }
        int n = 0;
        int i = start;
        while (i < end) {
            byte c = b[i++];
            if (c == '\\') {
                if (i >= end) {
                    break; // COPY drops a backslash that ends the line
                }
                c = b[i++];
                switch (c) {
                    case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                        int v = c - '0';
                        for (int k = 0; k < 2 && i < end && b[i] >= '0' && b[i] <= '7'; k++) {
                            v = (v << 3) + (b[i++] - '0');
                        }
                        c = (byte) v;
                    }
                    case 'x' -> {
                        if (i < end && hex(b[i]) >= 0) {
                            int v = hex(b[i++]);
                            if (i < end && hex(b[i]) >= 0) {
                                v = (v << 4) + hex(b[i++]);
                            }
                            c = (byte) v;
                        }
                    }
                    case 'b' -> c = '\b';
                    case 'f' -> c = '\f';
                    case 'n' -> c = '\n';
                    case 'r' -> c = '\r';
                    case 't' -> c = '\t';
                    case 'v' -> c = 0x0b;
                    default -> {
                        // any other byte stands for itself
                    }
                }
            }
            value[n++] = c;
        }
        return n;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private void prefix(int length) {
        int digits = 1;
        for (int v = length; v >= 10; v /= 10) {
            digits++;
        }
        ensure(digits + 1);
        for (int k = size + digits - 1, v = length; k >= size; k--, v /= 10) {
            out[k] = (byte) ('0' + v % 10);
        }
        size += digits;
        out[size++] = ':';
    }

    private void put(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, out, size, len);
        size += len;
    }

    private void ensure(int more) {
        if (size + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, size + more));
        }
    }
}
