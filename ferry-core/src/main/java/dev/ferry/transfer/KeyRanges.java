package dev.ferry.transfer;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an integer key range into the slices of an entity: each slice covers the keys above its
 * {@code rangeStart} up to and including its {@code rangeEnd}, and together they cover
 * {@code min..max} exactly once. The arithmetic is exact so that keys near the ends of
 * {@code long} neither overflow nor fall out of every slice.
 */
final class KeyRanges {
    private KeyRanges() {
    }

    /** At most {@code n} pending checkpoints over {@code min..max}; fewer when the range has fewer keys than {@code n}. */
    static List<Checkpoint> split(String runId, String entity, long min, long max, int n) {
        BigInteger top = BigInteger.valueOf(max);
        BigInteger span = top.subtract(BigInteger.valueOf(min)).add(BigInteger.valueOf(n)).divide(BigInteger.valueOf(n)).max(BigInteger.ONE);
        BigInteger lo = BigInteger.valueOf(min).subtract(BigInteger.ONE);
        List<Checkpoint> out = new ArrayList<>();
        for (int i = 0; i < n && lo.compareTo(top) < 0; i++) {
            BigInteger hi = i == n - 1 ? top : top.min(lo.add(span));
            // lastKey starts at the range's lower bound (exclusive), so the keyset query stays in range;
            // the first slice starts from the beginning (its bound may lie below the smallest long).
            out.add(new Checkpoint(runId, entity, i, lo.toString(), hi.toString(), i == 0 ? null : lo.toString(),
                    0, 0, 0, 0, Checkpoint.PENDING));
            lo = hi;
        }
        return out;
    }
}
