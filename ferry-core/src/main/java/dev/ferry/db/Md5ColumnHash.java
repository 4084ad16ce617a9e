package dev.ferry.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A column hash any SQL database can compute: the first 48 bits of the MD5 of
 * {@code key:column:text}. Used where the database has no fast hash Ferry can reproduce.
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
    public long of(long key, int column, String canonical) {
        byte[] d = md5.digest((key + ":" + column + ":" + canonical).getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 6; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h;
    }
}
