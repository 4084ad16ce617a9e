package dev.ferry.db;

import java.util.Arrays;

/**
 * Rewrites a line of COPY text into the form {@link RowsHashForm} has the server hash: the fields
 * of length-prefixed columns as their byte length, a colon and their text (unescaped as
 * {@code COPY ... FROM} reads it), {@code \N} for NULL, every other field and the tabs as they are.
 * One buffer, reused line after line.
 */
final class LengthPrefixedLine {
    private final boolean[] lengthPrefixed;
    private byte[] out = new byte[256];
    private byte[] text = new byte[256];

    LengthPrefixedLine(boolean[] lengthPrefixed) {
        this.lengthPrefixed = lengthPrefixed.clone();
    }

    /** The rewritten line is in {@link #bytes()}; returns its length. */
    int rewrite(byte[] b, int off, int len) {
        int end = off + len;
        int n = 0;
        out = room(out, len + 12 * (lengthPrefixed.length + 1));
        for (int field = 0, i = off; ; field++) {
            int start = i;
            boolean escaped = false;
            while (i < end && b[i] != '\t') {
                if (b[i] == '\\') {
                    escaped = true;
                    i++; // an escaped tab belongs to the field
                }
                i++;
            }
            i = Math.min(i, end);
            boolean isNull = i - start == 2 && b[start] == '\\' && b[start + 1] == 'N';
            if (field < lengthPrefixed.length && lengthPrefixed[field] && !isNull) {
                byte[] value = b;
                int from = start;
                int length = i - start;
                if (escaped) {
                    length = unescape(b, start, i, end);
                    value = text;
                    from = 0;
                }
                n = putDecimal(n, length);
                out[n++] = ':';
                System.arraycopy(value, from, out, n, length);
                n += length;
            } else {
                System.arraycopy(b, start, out, n, i - start);
                n += i - start;
            }
            if (i >= end) {
                return n;
            }
            out[n++] = '\t';
            i++;
        }
    }

    byte[] bytes() {
        return out;
    }

    /**
     * The field's text as {@code COPY ... FROM} (text format) reads it: a backslash and b, f, n, r,
     * t or v is that control character, one to three octal digits or x and one or two hex digits
     * a byte, anything else the character itself; a backslash ending the line is dropped.
     */
    private int unescape(byte[] b, int start, int fieldEnd, int lineEnd) {
        text = room(text, fieldEnd - start);
        int n = 0;
        int i = start;
        while (i < fieldEnd) {
            byte c = b[i++];
            if (c == '\\') {
                if (i >= lineEnd) {
                    break;
                }
                c = b[i++];
                if (c >= '0' && c <= '7') {
                    int value = c - '0';
                    for (int digits = 1; digits < 3 && i < lineEnd && b[i] >= '0' && b[i] <= '7'; digits++) {
                        value = (value << 3) + (b[i++] - '0');
                    }
                    c = (byte) value;
                } else if (c == 'x' && i < lineEnd && Character.digit(b[i], 16) >= 0) {
                    int value = Character.digit(b[i++], 16);
                    if (i < lineEnd && Character.digit(b[i], 16) >= 0) {
                        value = (value << 4) + Character.digit(b[i++], 16);
                    }
                    c = (byte) value;
                } else {
                    c = switch (c) {
                        case 'b' -> '\b';
                        case 'f' -> '\f';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        case 'v' -> 0x0b;
                        default -> c;
                    };
                }
            }
            text[n++] = c;
        }
        return n;
    }

    private int putDecimal(int n, int value) {
        if (value >= 10) {
            n = putDecimal(n, value / 10);
        }
        out[n] = (byte) ('0' + value % 10);
        return n + 1;
    }

    private static byte[] room(byte[] buffer, int needed) {
        return buffer.length >= needed ? buffer : Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
    }
}
