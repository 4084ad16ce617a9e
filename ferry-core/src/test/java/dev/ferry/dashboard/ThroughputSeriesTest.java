package dev.ferry.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dashboard.DashboardViews.Throughput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows per second from committed batches: intervals of at least a second, at most {@value ThroughputSeries#MAX_POINTS} of them. */
class ThroughputSeriesTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void aShortRunIsCutIntoSecondsAndEachEntityGetsItsOwnLine() {
        List<Throughput> series = ThroughputSeries.of(List.of(
                new TransferRunLog.Batch(T, "people", 100),
                new TransferRunLog.Batch(T.plusMillis(500), "people", 100),
                new TransferRunLog.Batch(T.plusMillis(1500), "pets", 30),
                new TransferRunLog.Batch(T.plusMillis(2900), "people", 50)));

        assertThat(series).extracting(Throughput::entity).containsExactly("people", "pets");
        assertThat(series.get(0).points()).extracting(Throughput.Point::rowsPerSecond).containsExactly(200.0, 0.0, 50.0);
        assertThat(series.get(0).points()).extracting(Throughput.Point::at).containsExactly(1.0, 2.0, 3.0);
        assertThat(series.get(1).points()).extracting(Throughput.Point::rowsPerSecond).containsExactly(0.0, 30.0, 0.0);
    }

    @Test
    void aLongRunKeepsAtMostSixtyPointsAndItsRowsPerSecondAddUpToItsRows() {
        List<TransferRunLog.Batch> batches = new ArrayList<>();
        for (int s = 0; s < 3600; s += 3) {
            batches.add(new TransferRunLog.Batch(T.plusSeconds(s), "orders", 1000));
        }
        Throughput orders = ThroughputSeries.of(batches).get(0);

        assertThat(orders.points()).hasSizeLessThanOrEqualTo(ThroughputSeries.MAX_POINTS + 1);
        double width = orders.points().get(0).at();
        assertThat(orders.points().stream().mapToDouble(p -> p.rowsPerSecond() * width).sum()).isEqualTo(1_200_000.0);
    }

    @Test
    void noBatchYetIsNoLine() {
        assertThat(ThroughputSeries.of(List.of())).isEmpty();
    }
}
