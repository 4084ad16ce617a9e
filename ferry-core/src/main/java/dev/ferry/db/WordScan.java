package dev.ferry.db;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Looking for a byte eight bytes at a time: a word XOR the byte repeated has a zero byte where the
 * byte was, and {@link #zeros} flags it. Restores scan every archived line this way for newlines,
 * tabs and backslashes, which byte by byte took as long as hashing the lines.
 */
final class WordScan {
    static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private WordScan() {
    }

    /** The eight bytes of {@code b} from {@code i}, the first in the lowest bits. */
    static long word(byte[] b, int i) {
        return (long) LONG.get(b, i);
    }

    /**
     * The high bit of each zero byte of {@code w}; bytes above the first zero one may be flagged
     * falsely, so only the lowest flag counts ({@link #firstFlagged}).
     */
    static long zeros(long w) {
        return (w - ONES) & ~w & HIGHS;
    }

    /**
     * How many bytes of {@code b[from, to)} equal {@code c}, eight a step. Unlike {@link #zeros},
     * the test here flags exactly the zero bytes (no carry crosses a byte: the low seven bits are
     * added apart from the high one), so every flag counts.
     */
    static long count(byte[] b, int from, int to, byte c) {
        long pattern = ONES * (c & 0xFF);
        long n = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = word(b, i) ^ pattern;
            n += Long.bitCount(~(((x & LOWS) + LOWS) | x) & HIGHS);
        }
        for (; i < to; i++) {
            if (b[i] == c) {
                n++;
            }
        }
        return n;
    }

    /** The offset in its word of the byte whose flag is lowest in {@code flags} (not 0). */
    static int firstFlagged(long flags) {
        return Long.numberOfTrailingZeros(flags) >>> 3;
    }
}
