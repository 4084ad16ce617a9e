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
    private final StringBuilder text = new StringBuilder(256);

    public RowHash() {
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    /** The hash of values already in canonical form. */
    public long of(String[] canonical) {
        text.setLength(0);
        for (String v : canonical) {
            if (v == null) {
                text.append('n');
            } else {
                text.append(v.codePointCount(0, v.length())).append(':').append(v);
            }
        }
        byte[] d = md5.digest(text.toString().getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 6; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h;
    }
}
