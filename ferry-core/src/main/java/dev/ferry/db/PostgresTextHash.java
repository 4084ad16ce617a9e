package dev.ferry.db;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL's {@code hashtextextended(text, seed)} in Java: Bob Jenkins' lookup3 hash over the
 * UTF-8 bytes, as PostgreSQL computes it for hash partitioning (so its results are stable across
 * versions). Fast enough to hash every value of a large table inside the database, where
 * {@code md5()} would cost more than reading the rows.
 */
final class PostgresTextHash implements RowHash.ColumnHash {
    /** Four bytes as the little-endian word PostgreSQL's hash reads on the usual (little-endian) servers. */
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** The decimal digits of a partial sum (below 2<sup>48</sup>: at most 15), reused row after row. */
    private final byte[] digits = new byte[20];

    @Override
    public long of(int column, String canonical) {
        byte[] utf8 = canonical.getBytes(StandardCharsets.UTF_8);
        return ofUtf8(column, utf8, utf8.length);
    }

    @Override
    public long ofUtf8(int column, byte[] canonical, int length) {
        return (hash(canonical, length, RowHash.columnSeed(column)) >> 16) & RowHash.MASK;
    }

    /** The partial sum's decimal text hashed with the key as seed: one short hash per row. */
    @Override
    public long mix(long key, long partial) {
        int start = digits.length;
        long rest = partial;
        do {
            digits[--start] = (byte) ('0' + rest % 10);
            rest /= 10;
        } while (rest != 0);
        return (hash(digits, start, digits.length - start, key) >> 16) & RowHash.MASK;
    }

    /** The SQL computing {@link #of} for a text. */
    static String sql(int column, String text) {
        return "coalesce((hashtextextended(" + text + ", " + RowHash.columnSeed(column) + ") >> 16) & " + RowHash.MASK + ", 0)";
    }

    /** The SQL computing {@link #mix} for a bigint {@code key} and a non-negative bigint {@code partial}. */
    static String mixSql(String key, String partial) {
        return "((hashtextextended(CAST(" + partial + " AS text), CAST(" + key + " AS bigint)) >> 16) & " + RowHash.MASK + ")";
    }

    static long hash(byte[] k, int length, long seed) {
        return hash(k, 0, length, seed);
    }

    /**
     * {@code hashtextextended} of the {@code length} bytes of {@code k} from {@code offset}. The
     * state is kept in locals and words are read four bytes at a time: a restore hashes every line
     * of the archive with it, and an array for the state cost an allocation per line.
     */
    static long hash(byte[] k, int offset, int length, long seed) {
        int len = length;
        int a = 0x9e3779b9 + len + 3923095;
        int b = a;
        int c = a;
        int i = offset;
        boolean seeded = seed != 0; // the seed is mixed in first, as a block of its own
        while (seeded || len >= 12) {
            if (seeded) {
                a += (int) (seed >>> 32);
                b += (int) seed;
                seeded = false;
            } else {
                a += (int) WORD.get(k, i);
                b += (int) WORD.get(k, i + 4);
                c += (int) WORD.get(k, i + 8);
                i += 12;
                len -= 12;
            }
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
        }
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

    private static int rot(int x, int k) {
        return (x << k) | (x >>> (32 - k));
    }
}
