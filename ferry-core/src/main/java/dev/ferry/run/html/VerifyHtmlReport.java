package dev.ferry.run.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A verification: how many checks passed, failed or could not run, then each check with its differing rows. */
final class VerifyHtmlReport {
    private VerifyHtmlReport() {
    }

    static String render(JsonNode r) {
        Map<String, Double> byStatus = new LinkedHashMap<>();
        for (String s : List.of("passed", "failed", "not run")) {
            byStatus.put(s, 0.0);
        }
        boolean clean = true;
        List<List<Object>> rows = new ArrayList<>();
        List<String> failing = new ArrayList<>();
        List<Double> failingRows = new ArrayList<>();
        for (JsonNode f : r.path("findings")) {
            String status = f.path("status").asText().toLowerCase(Locale.ROOT).replace('_', ' ');
            String severity = f.path("severity").asText().toLowerCase(Locale.ROOT);
            byStatus.merge(status, 1.0, Double::sum);
            clean &= status.equals("passed") || !severity.equals("error");
            List<String> sample = new ArrayList<>();
            f.path("sample").forEach(s -> sample.add(s.asText()));
            rows.add(List.of(f.path("check").asText(), f.path("subject").asText(), severity, Html.Markup.status(status),
                    f.path("count").asLong(), f.path("message").asText(), Html.Markup.lines(sample)));
            if (f.path("count").asLong() > 0) {
                failing.add(f.path("check").asText() + " " + f.path("subject").asText());
                failingRows.add(f.path("count").asDouble());
            }
        }
        Html h = new Html();
        h.facts(List.of(new String[] {"Kind", r.path("kind").asText()}, new String[] {"Database", r.path("database").asText()},
                new String[] {"Result", (clean ? "clean" : "FAILED") + " (" + Svg.number(byStatus.get("passed")) + " passed, "
                        + Svg.number(byStatus.get("failed")) + " failed, " + Svg.number(byStatus.get("not run")) + " not run)"}));
        h.raw(Svg.barChart("Checks by result", "checks", new ArrayList<>(byStatus.keySet()), new ArrayList<>(byStatus.values())));
        if (!failing.isEmpty()) {
            h.raw(Svg.barChart("Differing rows by check", "rows", failing, failingRows));
        }
        h.heading("Checks");
        h.table(List.of("Check", "Subject", "Severity", "Result", "Rows", "Details", "Differing rows (sample)"), rows);
        String run = r.path("runId").asText();
        return ReportPage.render("Verification " + run + (clean ? ": clean" : ": FAILED"), run, h);
    }
}
