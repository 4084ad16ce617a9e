package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Slices of an integer key range: each covers (rangeStart, rangeEnd], together min..max exactly once. */
class KeyRangesTest {

    @Test
    void anEvenRangeIsCutIntoEqualSlices() {
        List<Checkpoint> slices = coverExactlyOnce(1, 100, 4);

        assertThat(slices).extracting(Checkpoint::rangeEnd).containsExactly("25", "50", "75", "100");
    }

    @Test
    void anUnevenRangeLeavesTheRemainderToTheLastSlice() {
        List<Checkpoint> slices = coverExactlyOnce(1, 10, 4);

        assertThat(slices).extracting(Checkpoint::rangeEnd).containsExactly("3", "6", "9", "10");
    }

    @Test
    void aSingleKeyIsOneSlice() {
        assertThat(coverExactlyOnce(42, 42, 8)).singleElement().satisfies(c -> {
            assertThat(c.rangeStart()).isEqualTo("41");
            assertThat(c.rangeEnd()).isEqualTo("42");
        });
    }

    @Test
    void negativeKeysAreSlicedLikeAnyOthers() {
        assertThat(coverExactlyOnce(-100, -1, 4)).extracting(Checkpoint::rangeEnd).containsExactly("-76", "-51", "-26", "-1");
        coverExactlyOnce(-7, 5, 3);
    }

    @Test
    void fewerKeysThanSlicesGiveOneSlicePerKey() {
        assertThat(coverExactlyOnce(1, 3, 8)).extracting(Checkpoint::rangeEnd).containsExactly("1", "2", "3");
    }

    @Test
    void theFirstSliceStartsFromTheBeginningAndTheOthersAfterTheirLowerBound() {
        List<Checkpoint> slices = coverExactlyOnce(1, 100, 4);

        assertThat(slices.get(0).lastKey()).isNull();
        assertThat(slices.subList(1, 4)).allSatisfy(c -> assertThat(c.lastKey()).isEqualTo(c.rangeStart()));
        assertThat(slices).allSatisfy(c -> assertThat(c.status()).isEqualTo(Checkpoint.PENDING));
    }

    @Test
    void keysDownToTheSmallestLongAreSlicedInsteadOfDropped() {
        List<Checkpoint> slices = coverExactlyOnce(Long.MIN_VALUE, Long.MIN_VALUE + 10, 4);

        assertThat(slices).hasSize(4);
        assertThat(coverExactlyOnce(Long.MIN_VALUE, Long.MIN_VALUE, 4)).hasSize(1);
    }

    @Test
    void theWholeLongRangeIsCutEvenlyWithoutOverflow() {
        List<Checkpoint> slices = coverExactlyOnce(Long.MIN_VALUE, Long.MAX_VALUE, 4);

        assertThat(slices).extracting(Checkpoint::rangeEnd)
                .containsExactly(Long.toString(Long.MIN_VALUE / 2 - 1), "-1", Long.toString(Long.MAX_VALUE / 2), Long.toString(Long.MAX_VALUE));
        assertThat(coverExactlyOnce(0, Long.MAX_VALUE, 2)).extracting(Checkpoint::rangeEnd)
                .containsExactly(Long.toString(Long.MAX_VALUE / 2), Long.toString(Long.MAX_VALUE));
        assertThat(coverExactlyOnce(Long.MAX_VALUE - 10, Long.MAX_VALUE, 4)).hasSize(4);
    }

    /**
     * Asserts that the slices are numbered in order, each non-empty, each starting where the one
     * before ended, the first just below {@code min} and the last at {@code max}: every key of the
     * range in exactly one slice.
     */
    private static List<Checkpoint> coverExactlyOnce(long min, long max, int n) {
        List<Checkpoint> slices = KeyRanges.split("run", "people", min, max, n);
        assertThat(slices).isNotEmpty().hasSizeLessThanOrEqualTo(n);
        BigInteger expectedStart = BigInteger.valueOf(min).subtract(BigInteger.ONE);
        for (int i = 0; i < slices.size(); i++) {
            Checkpoint c = slices.get(i);
            assertThat(c.slice()).isEqualTo(i);
            assertThat(c.entity()).isEqualTo("people");
            assertThat(new BigInteger(c.rangeStart())).as("start of slice %d", i).isEqualTo(expectedStart);
            assertThat(new BigInteger(c.rangeEnd())).as("end of slice %d", i).isGreaterThan(expectedStart);
            expectedStart = new BigInteger(c.rangeEnd());
        }
        assertThat(expectedStart).as("end of the last slice").isEqualTo(BigInteger.valueOf(max));
        if (max - min >= 0 && max - min < 1000) {
            for (long offset = 0; offset <= max - min; offset++) {
                long key = min + offset;
                assertThat(slices.stream().filter(c -> contains(c, key))).as("slices holding key %d", key).hasSize(1);
            }
        }
        return slices;
    }

    private static boolean contains(Checkpoint c, long key) {
        BigInteger k = BigInteger.valueOf(key);
        return k.compareTo(new BigInteger(c.rangeStart())) > 0 && k.compareTo(new BigInteger(c.rangeEnd())) <= 0;
    }
}
