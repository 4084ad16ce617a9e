package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.transfer.plan.PlanSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The adaptive batch size: towards the commit-time target, at most doubled or halved per commit, within the plan's bounds. */
class BatchSizeAdaptationTest {
    private static final PlanSettings SETTINGS = new PlanSettings(500, 50_000, Duration.ofMillis(500), 3);

    @Test
    void growsWhenCommitsAreFasterThanTheTarget() {
        assertThat(SliceWorker.nextBatchSize(1000, 250, SETTINGS)).isEqualTo(2000);
        assertThat(SliceWorker.nextBatchSize(1000, 400, SETTINGS)).isEqualTo(1250);
    }

    @Test
    void atMostDoublesHoweverFastTheCommit() {
        assertThat(SliceWorker.nextBatchSize(1000, 1, SETTINGS)).isEqualTo(2000);
        assertThat(SliceWorker.nextBatchSize(1000, 0, SETTINGS)).isEqualTo(2000);
    }

    @Test
    void shrinksWhenCommitsAreSlowerThanTheTarget() {
        assertThat(SliceWorker.nextBatchSize(4000, 800, SETTINGS)).isEqualTo(2500);
    }

    @Test
    void atMostHalvesHoweverSlowTheCommit() {
        assertThat(SliceWorker.nextBatchSize(4000, 60_000, SETTINGS)).isEqualTo(2000);
    }

    @Test
    void staysPutAtTheTarget() {
        assertThat(SliceWorker.nextBatchSize(3000, 500, SETTINGS)).isEqualTo(3000);
    }

    @Test
    void staysWithinTheBounds() {
        assertThat(SliceWorker.nextBatchSize(40_000, 10, SETTINGS)).isEqualTo(50_000);
        assertThat(SliceWorker.nextBatchSize(50_000, 10, SETTINGS)).isEqualTo(50_000);
        assertThat(SliceWorker.nextBatchSize(600, 10_000, SETTINGS)).isEqualTo(500);
        assertThat(SliceWorker.nextBatchSize(500, 10_000, SETTINGS)).isEqualTo(500);
    }

    @Test
    void convergesOnTheTargetWhenCommitTimeIsProportionalToSize() {
        int size = 500;
        for (int i = 0; i < 20; i++) {
            size = SliceWorker.nextBatchSize(size, size / 10, SETTINGS);
        }
        assertThat(size).isBetween(4900, 5100);
    }

    @Test
    void staysUnderTheByteLimitForWideRows() {
        long bytesPerRow = SliceWorker.MAX_BATCH_BYTES / 8192;
        assertThat(SliceWorker.nextBatchSize(6000, 10, SETTINGS, bytesPerRow)).isEqualTo(8192);
        assertThat(SliceWorker.nextBatchSize(20_000, 500, SETTINGS, bytesPerRow)).isEqualTo(8192);
        assertThat(SliceWorker.nextBatchSize(6000, 10, SETTINGS, 0)).isEqualTo(12_000);
    }

    @Test
    void theMinimumBatchWinsOverTheByteLimit() {
        assertThat(SliceWorker.nextBatchSize(1000, 500, SETTINGS, SliceWorker.MAX_BATCH_BYTES)).isEqualTo(500);
    }
}
