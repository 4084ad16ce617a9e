package dev.ferry.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.FerryException;
import dev.ferry.run.Json;
import dev.ferry.run.html.HtmlReports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a verification result as JSON, CSV, Markdown and HTML under {@code .ferry/reports/}. */
public final class VerifyReports {
    private VerifyReports() {
    }

    public static List<Path> write(Path stateDir, VerifyResult r) {
        Path dir = stateDir.resolve("reports");
        String base = r.runId() + "-verify";
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve(base + ".json");
            Path csv = dir.resolve(base + ".csv");
            Path md = dir.resolve(base + ".md");
            Files.writeString(json, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(r));
            Files.writeString(csv, csv(r));
            Files.writeString(md, markdown(r));
            Path html = HtmlReports.write(json, "verify", r.runId(), Json.mapper().valueToTree(r), null);
            return List.of(json, csv, md, html);
        } catch (JsonProcessingException e) {
            throw FerryException.failure("Cannot render the verification report", e);
        } catch (IOException e) {
            throw FerryException.failure("Cannot write the verification report under " + dir + ": " + e.getMessage(), e);
        }
    }

    static String csv(VerifyResult r) {
        StringBuilder sb = new StringBuilder("check,subject,severity,status,count,sample,message\n");
        for (Finding f : r.findings()) {
            sb.append(cell(f.check())).append(',').append(cell(f.subject())).append(',').append(f.severity()).append(',')
                    .append(f.status()).append(',').append(f.count()).append(',').append(cell(String.join(" | ", f.sample()))).append(',')
                    .append(cell(f.message())).append('\n');
        }
        return sb.toString();
    }

    private static String cell(String s) {
        return s == null ? "" : "\"" + s.replace("\"", "\"\"") + "\"";
    }

    public static String markdown(VerifyResult r) {
        StringBuilder sb = new StringBuilder("# Verification " + r.runId() + " (" + r.kind() + ")\n\n");
        sb.append("- database: ").append(r.database()).append('\n');
        sb.append("- result: ").append(r.clean() ? "clean" : "FAILED").append(" (").append(r.count(CheckStatus.PASSED)).append(" passed, ")
                .append(r.count(CheckStatus.FAILED)).append(" failed, ").append(r.count(CheckStatus.NOT_RUN)).append(" not run)\n\n");
        sb.append("| check | subject | severity | status | count | details |\n| --- | --- | --- | --- | ---: | --- |\n");
        for (Finding f : r.findings()) {
            sb.append("| ").append(f.check()).append(" | ").append(f.subject()).append(" | ").append(f.severity().name().toLowerCase(java.util.Locale.ROOT))
                    .append(" | ").append(f.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append(" | ").append(f.count())
                    .append(" | ").append(f.message().replace("|", "\\|"))
                    .append(f.sample().isEmpty() ? "" : "<br>" + String.join("<br>", f.sample()).replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }
}
