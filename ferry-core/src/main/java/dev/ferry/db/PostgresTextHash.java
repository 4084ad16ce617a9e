package dev.ferry.db;

import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL's {@code hashtextextended(text, seed)} in Java: Bob Jenkins' lookup3 hash over the
 * UTF-8 bytes, as PostgreSQL computes it for hash partitioning (so its results are stable across
 * versions). Fast enough to hash every value of a large table inside the database, where
 * {@code md5()} would cost more than reading the rows.
 */
final class PostgresTextHash implements RowHash.ColumnHash {

    @Override
    public long of(long key, int column, String canonical) {
        byte[] utf8 = canonical.getBytes(StandardCharsets.UTF_8);
        return ofUtf8(key, column, utf8, utf8.length);
    }

    @Override
    public long ofUtf8(long key, int column, byte[] canonical, int length) {
        return (hash(canonical, length, key ^ RowHash.columnSeed(column)) >> 16) & RowHash.MASK;
    }

    /** The SQL computing {@link #of} for a bigint {@code key} and a text. */
    static String sql(String key, int column, String text) {
        return "coalesce((hashtextextended(" + text + ", CAST(" + key + " AS bigint) # " + RowHash.columnSeed(column) + ") >> 16) & " + RowHash.MASK + ", 0)";
    }

    static long hash(byte[] k, int length, long seed) {
        return hash(k, 0, length, seed);
    }

    /** {@code hashtextextended} of the {@code length} bytes of {@code k} from {@code offset}. */
    static long hash(byte[] k, int offset, int length, long seed) {
        int len = length;
        int init = 0x9e3779b9 + len + 3923095;
        int[] s = {init, init, init};
        if (seed != 0) {
            s[0] += (int) (seed >>> 32);
            s[1] += (int) seed;
            mix(s);
        }
        int i = offset;
        while (len >= 12) {
            s[0] += littleEndian(k, i);
            s[1] += littleEndian(k, i + 4);
            s[2] += littleEndian(k, i + 8);
            mix(s);
            i += 12;
            len -= 12;
        }
        int a = s[0];
        int b = s[1];
        int c = s[2];
        switch (len) { // the last 0 to 11 bytes
            case 11: c += (k[i + 10] & 0xff) << 24; // fall through
            case 10: c += (k[i + 9] & 0xff) << 16; // fall through
            case 9: c += (k[i + 8] & 0xff) << 8; // fall through
            case 8: b += (k[i + 7] & 0xff) << 24; // fall through
            case 7: b += (k[i + 6] & 0xff) << 16; // fall through
            case 6: b += (k[i + 5] & 0xff) << 8; // fall through
            case 5: b += k[i + 4] & 0xff; // fall through
            case 4: a += (k[i + 3] & 0xff) << 24; // fall through
            case 3: a += (k[i + 2] & 0xff) << 16; // fall through
            case 2: a += (k[i + 1] & 0xff) << 8; // fall through
            case 1: a += k[i] & 0xff; // fall through
            default: break;
        }
        c ^= b;
        c -= rot(b, 14);
        a ^= c;
        a -= rot(c, 11);
        b ^= a;
        b -= rot(a, 25);
        c ^= b;
        c -= rot(b, 16);
        a ^= c;
        a -= rot(c, 4);
        b ^= a;
        b -= rot(a, 14);
        c ^= b;
        c -= rot(b, 24);
        return ((long) b << 32) | (c & 0xffffffffL);
    }

    private static void mix(int[] s) {
        int a = s[0];
        int b = s[1];
        int c = s[2];
        a -= c;
        a ^= rot(c, 4);
        c += b;
        b -= a;
        b ^= rot(a, 6);
        a += c;
        c -= b;
        c ^= rot(b, 8);
        b += a;
        a -= c;
        a ^= rot(c, 16);
        c += b;
        b -= a;
        b ^= rot(a, 19);
        a += c;
        c -= b;
        c ^= rot(b, 4);
        b += a;
        s[0] = a;
        s[1] = b;
        s[2] = c;
    }

    private static int rot(int x, int k) {
        return (x << k) | (x >>> (32 - k));
    }

    private static int littleEndian(byte[] k, int i) {
        return (k[i] & 0xff) | (k[i + 1] & 0xff) << 8 | (k[i + 2] & 0xff) << 16 | (k[i + 3] & 0xff) << 24;
    }
}
