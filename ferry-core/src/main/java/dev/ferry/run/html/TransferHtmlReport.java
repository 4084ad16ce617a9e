package dev.ferry.run.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A transfer run for people: throughput over time per entity, batch sizes and commit times, the
 * entities' dependency graph with their timings and the rejected rows grouped by reason, read
 * from the run's report and its event log.
 */
final class TransferHtmlReport {
    private static final int SAMPLE_KEYS = 5;

    private final Map<String, TreeMap<Long, long[]>> perSecond = new LinkedHashMap<>();
    private final Map<String, Instant[]> spans = new LinkedHashMap<>();
    private final Map<String, RejectGroup> rejects = new LinkedHashMap<>();
    private Instant start;

    /** Rejected rows that share a reason: how many, and the first keys seen. */
    private static final class RejectGroup {
        final String entity;
        final String reason;
        final String example;
        long count;
        final List<String> keys = new ArrayList<>();

        RejectGroup(String entity, String reason, String example) {
            this.entity = entity;
            this.reason = reason;
            this.example = example;
        }
    }

    static String render(JsonNode result, Path log) {
        TransferHtmlReport r = new TransferHtmlReport();
        RunEvents.forEach(log, r::take);
        return r.page(result);
    }

    private void take(String name, JsonNode e) {
        Instant t = RunEvents.time(e);
        String entity = e.path("entity").asText(null);
        if (name.equals("run_started") && start == null) {
            start = t;
        }
        switch (name) {
            case "entity_started" -> spans.computeIfAbsent(entity, k -> new Instant[2])[0] = t;
            case "entity_finished" -> spans.computeIfAbsent(entity, k -> new Instant[2])[1] = t;
            case "batch_committed" -> {
                long second = start == null ? 0 : Duration.between(start, t).toSeconds();
                // per second: rows written, batches, sum of batch sizes, slowest commit
                long[] s = perSecond.computeIfAbsent(entity, k -> new TreeMap<>()).computeIfAbsent(second, k -> new long[4]);
                s[0] += e.path("written").asLong();
                s[1]++;
                s[2] += e.path("batch_size").asLong();
                s[3] = Math.max(s[3], e.path("commit_ms").asLong());
            }
            case "row_rejected" -> {
                String error = e.path("error").asText("");
                String reason = reason(error);
                RejectGroup g = rejects.computeIfAbsent(entity + "\n" + reason, k -> new RejectGroup(entity, reason, error));
                g.count++;
                if (g.keys.size() < SAMPLE_KEYS) {
                    g.keys.add(e.path("legacy_key").asText(""));
                }
            }
            default -> {
            }
        }
    }

    /**
     * The part of an error that names the kind of problem, so that rows rejected for the same
     * reason group together: its first line, without the database's detail about the row, with
     * quoted values and numbers (keys, lengths, the value itself) replaced by an ellipsis.
     */
    static String reason(String error) {
        String first = error.lines().findFirst().orElse("").strip();
        for (String cut : new String[] {" Detail:", "  Where:", " Position:"}) {
            int at = first.indexOf(cut);
            if (at > 0) {
                first = first.substring(0, at).strip();
            }
        }
        first = first.replaceAll("'[^']*'", "'\u2026'").replaceAll("\\b\\d+\\b", "\u2026");
        return first.isEmpty() ? "(no message)" : first;
    }

    private String page(JsonNode r) {
        Html h = new Html();
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"Status", r.path("status").asText() + (r.path("resumed").asBoolean() ? " (resumed)" : "")});
        facts.add(new String[] {"Source", r.path("source").asText()});
        facts.add(new String[] {"Target", r.path("target").asText()});
        facts.add(new String[] {"Duration", ReportPage.seconds(r.path("durationMs").asLong())});
        facts.add(new String[] {"Rows written", r.path("rowsWritten").asText() + " (" + r.path("rowsPerSecond").asText() + " rows/s)"});
        if (r.hasNonNull("backupArchive")) {
            facts.add(new String[] {"Pre-run backup", r.path("backupArchive").asText()});
        }
        h.facts(facts);
        entities(h, r.path("entities"));
        charts(h);
        h.heading("Dependencies");
        h.raw(DependencyGraph.render(r.path("entities"), durations(r.path("entities"))));
        rejected(h);
        if (r.path("notes").size() > 0) {
            h.heading("Notes");
            List<String> notes = new ArrayList<>();
            r.path("notes").forEach(n -> notes.add(n.asText()));
            h.table(List.of("Note"), notes.stream().map(n -> List.<Object>of(n)).toList());
        }
        return ReportPage.render("Transfer run " + r.path("runId").asText(), r.path("runId").asText(), h);
    }

    private static void entities(Html h, JsonNode entities) {
        h.heading("Entities");
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode e : entities) {
            rows.add(List.of(e.path("entity").asText(), e.path("target").asText(), Html.Markup.status(e.path("status").asText()),
                    e.path("rowsRead").asLong(), e.path("rowsWritten").asLong(), e.path("rowsRejected").asLong(),
                    e.path("rowsFiltered").asLong(), ReportPage.seconds(e.path("durationMs").asLong()), e.path("rowsPerSecond").asLong(),
                    e.path("batches").asLong(), e.path("minBatchSize").asText() + " / " + e.path("averageBatchSize").asText() + " / "
                            + e.path("maxBatchSize").asText(), e.path("retries").asLong()));
        }
        h.table(List.of("Entity", "Target", "Status", "Read", "Written", "Rejected", "Filtered", "Time", "Rows/s", "Batches",
                "Batch size min / avg / max", "Retries"), rows);
    }

    private void charts(Html h) {
        h.heading("Throughput");
        if (perSecond.isEmpty()) {
            h.paragraph("No batch was committed by this process, so there is nothing to chart.");
            return;
        }
        Map<String, List<Svg.Point>> rate = new LinkedHashMap<>();
        Map<String, List<Svg.Point>> size = new LinkedHashMap<>();
        Map<String, List<Svg.Point>> commit = new LinkedHashMap<>();
        perSecond.forEach((entity, seconds) -> {
            List<Svg.Point> r = new ArrayList<>();
            List<Svg.Point> s = new ArrayList<>();
            List<Svg.Point> c = new ArrayList<>();
            // A second without a commit in the middle of an entity's run wrote nothing: it shows as zero, not as a straight line.
            for (long second = seconds.firstKey(); second <= seconds.lastKey(); second++) {
                long[] v = seconds.get(second);
                r.add(new Svg.Point(second, v == null ? 0 : v[0]));
                if (v != null) {
                    s.add(new Svg.Point(second, (double) v[2] / v[1]));
                    c.add(new Svg.Point(second, v[3]));
                }
            }
            rate.put(entity, r);
            size.put(entity, s);
            commit.put(entity, c);
        });
        h.raw(Svg.lineChart("Rows written per second, by entity", "seconds since start", "rows/s", rate));
        h.heading("Batches");
        h.raw(Svg.lineChart("Average batch size per second, by entity", "seconds since start", "rows per batch", size));
        h.raw(Svg.lineChart("Slowest commit per second, by entity", "seconds since start", "ms", commit));
    }

    private Map<String, String> durations(JsonNode entities) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode e : entities) {
            String name = e.path("entity").asText();
            Instant[] span = spans.get(name);
            String from = span != null && span[0] != null && start != null
                    ? " from " + ReportPage.seconds(Duration.between(start, span[0]).toMillis()) : "";
            out.put(name, ReportPage.seconds(e.path("durationMs").asLong()) + from);
        }
        return out;
    }

    private void rejected(Html h) {
        h.heading("Rejected rows");
        if (rejects.isEmpty()) {
            h.paragraph("No row was rejected in this process.");
            return;
        }
        List<List<Object>> rows = new ArrayList<>();
        rejects.values().stream().sorted((a, b) -> Long.compare(b.count, a.count))
                .forEach(g -> rows.add(List.of(g.entity, g.reason, g.count, Html.Markup.lines(g.keys), g.example)));
        h.table(List.of("Entity", "Reason", "Rows", "Sample keys", "First error in full"), rows);
        h.paragraph("Every rejected row, with its values, is in the target's ferry_rejects table.");
    }
}
