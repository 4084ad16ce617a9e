package dev.ferry.run.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Any command's result laid out as it is: plain fields as facts, lists of records as tables,
 * nested records as their own sections; plus a timeline of the run's events when the log has them.
 * Backup, restore, deploy, doctor, seeds and snapshots read well this way without a page of their own.
 */
final class GenericHtmlReport {
    private GenericHtmlReport() {
    }

    static String render(String command, String runId, JsonNode r, Timeline timeline) {
        Html h = new Html();
        section(h, r);
        if (timeline != null && !timeline.isEmpty()) {
            h.heading("Timeline");
            h.raw(timeline.chart());
        }
        return ReportPage.render(title(command) + " " + runId, runId, h);
    }

    private static void section(Html h, JsonNode node) {
        List<String[]> facts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            if (f.getValue().isValueNode()) {
                facts.add(new String[] {words(f.getKey()), ReportPage.value(f.getValue().asText())});
            } else if (f.getValue().isArray() && f.getValue().size() > 0 && !f.getValue().get(0).isContainerNode()) {
                List<String> items = new ArrayList<>();
                f.getValue().forEach(v -> items.add(v.asText()));
                facts.add(new String[] {words(f.getKey()), String.join(", ", items)});
            }
        }
        if (!facts.isEmpty()) {
            h.facts(facts);
        }
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            JsonNode v = f.getValue();
            if (v.isObject()) {
                h.heading(words(f.getKey()));
                section(h, v);
            } else if (v.isArray() && v.size() > 0 && v.get(0).isObject()) {
                h.heading(words(f.getKey()));
                table(h, v);
            }
        }
    }

    private static void table(Html h, JsonNode array) {
        Set<String> columns = new LinkedHashSet<>();
        array.forEach(row -> row.fieldNames().forEachRemaining(columns::add));
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode row : array) {
            List<Object> cells = new ArrayList<>();
            for (String c : columns) {
                JsonNode v = row.path(c);
                if (v.isNumber()) {
                    cells.add(v.numberValue());
                } else if (c.equals("status") && v.isTextual()) {
                    cells.add(Html.Markup.status(v.asText()));
                } else {
                    cells.add(v.isMissingNode() || v.isNull() ? "" : v.isValueNode() ? ReportPage.value(v.asText()) : v.toString());
                }
            }
            rows.add(cells);
        }
        h.table(columns.stream().map(GenericHtmlReport::words).toList(), rows);
    }

    static void notes(Html h, JsonNode r) {
        if (r.path("notes").size() > 0) {
            h.heading("Notes");
            List<List<Object>> rows = new ArrayList<>();
            r.path("notes").forEach(n -> rows.add(List.of(n.asText())));
            h.table(List.of("Note"), rows);
        }
    }

    /** {@code rowsWritten} as "Rows written". */
    static String words(String camel) {
        String spaced = camel.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
        return spaced.isEmpty() ? spaced : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    private static String title(String command) {
        return words(command.replace('-', ' '));
    }
}
