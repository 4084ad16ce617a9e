package dev.ferry.dashboard;

import dev.ferry.dashboard.DashboardViews.Throughput;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows per second per entity from the committed batches: the run is cut into at most
 * {@value #MAX_POINTS} equal intervals of at least a second, so a chart of a long run stays small
 * and a short one still shows its shape.
 */
final class ThroughputSeries {
    static final int MAX_POINTS = 60;

    private ThroughputSeries() {
    }

    static List<Throughput> of(List<TransferRunLog.Batch> batches) {
        if (batches.isEmpty()) {
            return List.of();
        }
        Instant start = batches.stream().map(TransferRunLog.Batch::time).min(Instant::compareTo).orElseThrow();
        Instant end = batches.stream().map(TransferRunLog.Batch::time).max(Instant::compareTo).orElseThrow();
        double span = Math.max(1, Duration.between(start, end).toMillis() / 1000.0);
        double width = Math.max(1, Math.ceil(span / MAX_POINTS));
        int buckets = (int) Math.floor(span / width) + 1;
        Map<String, long[]> rows = new LinkedHashMap<>();
        for (TransferRunLog.Batch b : batches) {
            int i = (int) Math.min(buckets - 1, Duration.between(start, b.time()).toMillis() / 1000.0 / width);
            rows.computeIfAbsent(b.entity(), e -> new long[buckets])[i] += b.rows();
        }
        List<Throughput> out = new ArrayList<>();
        rows.forEach((entity, counts) -> {
            List<Throughput.Point> points = new ArrayList<>();
            for (int i = 0; i < buckets; i++) {
                points.add(new Throughput.Point((i + 1) * width, counts[i] / width));
            }
            out.add(new Throughput(entity, points));
        });
        return out;
    }
}
