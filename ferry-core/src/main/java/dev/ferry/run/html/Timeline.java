package dev.ferry.run.html;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** When each step of a run happened, from its log: the chart of a report that has no chart of its own. */
final class Timeline {
    private static final int MAX_EVENTS = 40;

    private final List<String> labels = new ArrayList<>();
    private final List<Double> seconds = new ArrayList<>();
    private int skipped;

    static Timeline read(Path log) {
        Timeline t = new Timeline();
        Instant[] start = new Instant[1];
        RunEvents.forEach(log, (name, e) -> {
            Instant at = RunEvents.time(e);
            if (start[0] == null) {
                start[0] = at;
            }
            if (t.labels.size() < MAX_EVENTS) {
                String subject = e.path("table").asText(e.path("step").asText(e.path("entity").asText("")));
                t.labels.add((t.labels.size() + 1) + ". " + name.replace('_', ' ') + (subject.isEmpty() ? "" : " " + subject));
                t.seconds.add(Duration.between(start[0], at).toMillis() / 1000.0);
            } else {
                t.skipped++;
            }
        });
        return t;
    }

    boolean isEmpty() {
        return labels.isEmpty();
    }

    String chart() {
        String title = "Seconds from the start of the run to each event" + (skipped > 0 ? " (first " + MAX_EVENTS + "; "
                + skipped + " more in the log)" : "");
        return Svg.barChart(title, "s", labels, seconds);
    }
}
