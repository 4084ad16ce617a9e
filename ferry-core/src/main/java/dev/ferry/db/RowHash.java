package dev.ferry.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The Java half of a row hash that databases compute in SQL ({@link Dialect#rowHash}): each
 * value's canonical text prefixed with its length in characters ({@code n} for NULL), joined, MD5,
 * first 48 bits. The length prefixes make the encoding unambiguous; 48 bits keep sums of a
 * segment's hashes exact in a 64-bit integer.
 */
public final class RowHash {
    /** Rows per segment must stay below this for segment sums to fit in a {@code long}. */
    public static final long MAX_SEGMENT_ROWS = 1L << 15;

    private final MessageDigest md5;
    private byte[] buffer = new byte[512];
    private int length;

    public RowHash() {
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    /** The hash of values already in canonical form. */
    public long of(String[] canonical) {
        length = 0;
        for (String v : canonical) {
            if (v == null) {
                put((byte) 'n');
            } else {
                appendDecimal(v.codePointCount(0, v.length()));
                put((byte) ':');
                appendUtf8(v);
            }
        }
        md5.update(buffer, 0, length);
        byte[] d = md5.digest();
        long h = 0;
        for (int i = 0; i < 6; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h;
    }

    private void appendUtf8(String v) {
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch >= 0x80) {
                byte[] rest = v.substring(i).getBytes(StandardCharsets.UTF_8);
                for (byte b : rest) {
                    put(b);
                }
                return;
            }
            put((byte) ch);
        }
    }

    private void appendDecimal(int n) {
        String s = Integer.toString(n);
        for (int i = 0; i < s.length(); i++) {
            put((byte) s.charAt(i));
        }
    }

    private void put(byte b) {
        if (length == buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
        }
        buffer[length++] = b;
    }
}
