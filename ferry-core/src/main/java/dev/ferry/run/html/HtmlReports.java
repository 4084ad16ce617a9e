package dev.ferry.run.html;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.FerryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the HTML report of a run beside its JSON report, from the same result and the run's
 * event log: a page per kind for transfer, verify, migrate and rollback, and a generic page
 * (facts, tables, timeline) for every other command. Each page is one self-contained file.
 */
public final class HtmlReports {
    private HtmlReports() {
    }

    /**
     * @param jsonReport the run's JSON report, {@code <run>-<command>.json}; the page goes to the same name ending in {@code .html}
     * @param tree the result in its JSON form, as the JSON report holds it
     * @param log the run's JSON-lines log, or {@code null} when the command keeps none
     * @return the page written
     */
    public static Path write(Path jsonReport, String command, String runId, JsonNode tree, Path log) {
        String html = switch (command) {
            case "transfer" -> TransferHtmlReport.render(tree, log);
            case "verify" -> VerifyHtmlReport.render(tree);
            case "migrate", "rollback" -> MigrateHtmlReport.render(command, tree);
            default -> GenericHtmlReport.render(command, runId, tree, log == null ? null : Timeline.read(log));
        };
        String name = jsonReport.getFileName().toString();
        Path file = jsonReport.resolveSibling((name.endsWith(".json") ? name.substring(0, name.length() - 5) : name) + ".html");
        try {
            Files.writeString(file, html, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw FerryException.failure("Cannot write the HTML report " + file + ": " + e.getMessage(), e);
        }
    }
}
