package dev.ferry.run.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A migrate or rollback run: the versions before and after, and each migration with how long it took. */
final class MigrateHtmlReport {
    private MigrateHtmlReport() {
    }

    static String render(String command, JsonNode r) {
        JsonNode migrations = r.has("applied") ? r.path("applied") : r.path("rolledBack");
        Html h = new Html();
        h.facts(List.of(new String[] {"Environment", r.path("environment").asText()}, new String[] {"Database", r.path("database").asText()},
                new String[] {"Schema version before", r.path("schemaVersionBefore").asText("<none>")},
                new String[] {"Schema version after", r.path("schemaVersionAfter").asText("<none>")}));
        List<List<Object>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> ms = new ArrayList<>();
        for (JsonNode m : migrations) {
            String version = m.path("version").asText("");
            rows.add(List.of(version, m.path("description").asText(), m.path("script").asText(),
                    m.path("transactional").asBoolean() ? "yes" : "no", m.path("executionMs").asLong()));
            labels.add((version.isEmpty() ? "" : version + " ") + m.path("description").asText());
            ms.add(m.path("executionMs").asDouble());
        }
        h.heading("Migrations");
        if (rows.isEmpty()) {
            h.paragraph("Nothing to do: the schema was up to date.");
        } else {
            h.raw(Svg.barChart("Time per migration", "ms", labels, ms));
            h.table(List.of("Version", "Description", "Script", "In a transaction", "ms"), rows);
        }
        GenericHtmlReport.notes(h, r);
        String run = r.path("runId").asText();
        return ReportPage.render((command.equals("migrate") ? "Migration run " : "Run " + command + " ") + run, run, h);
    }
}
