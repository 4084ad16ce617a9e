package dev.ferry.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A column hash any SQL database can compute: the first 48 bits of the MD5 of {@code column:text},
 * and of {@code key#partial} for the row's mix. Used where the database has no fast hash Ferry can
 * reproduce.
 */
final class Md5ColumnHash implements RowHash.ColumnHash {
    private final MessageDigest md5;

    Md5ColumnHash() {
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    @Override
    public long of(int column, String canonical) {
        return first48Bits(column + ":" + canonical);
    }

    @Override
    public long mix(long key, long partial) {
        return first48Bits(key + "#" + partial);
    }

    private long first48Bits(String text) {
        byte[] d = md5.digest(text.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 6; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h;
    }

    /** The SQL computing {@link #of} for a text. */
    static String sql(int column, String text) {
        return "COALESCE(" + first48BitsSql("CONCAT('" + column + ":', " + text + ")") + ", 0)";
    }

    /** The SQL computing {@link #mix} for an integer {@code key} and a non-negative integer {@code partial}. */
    static String mixSql(String key, String partial) {
        return first48BitsSql("CONCAT(" + key + ", '#', " + partial + ")");
    }

    private static String first48BitsSql(String text) {
        return "CAST(CONV(SUBSTRING(MD5(" + text + "), 1, 12), 16, 10) AS UNSIGNED)";
    }
}
