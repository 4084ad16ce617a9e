package dev.ferry.run.html;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The frame every report shares: one file with its style inline and no script, so it opens from a
 * mail attachment or a CI artifact exactly as it was written, and its markup parses as XML.
 */
final class ReportPage {
    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:1000px;padding:0 16px;color:#1a202c}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e2e8f0;padding-bottom:4px}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:12px 0}dt{color:#4a5568}dd{margin:0}
            table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border-bottom:1px solid #e2e8f0;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f7fafc;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
            code{font:12px ui-monospace,monospace;word-break:break-all}
            .badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px}
            .good{background:#c6f6d5;color:#22543d}.bad{background:#fed7d7;color:#822727}.warn{background:#fefcbf;color:#744210}
            figure{margin:8px 0}figcaption{color:#4a5568;font-size:12px}svg{max-width:100%;height:auto}
            svg text{font:11px system-ui,sans-serif;fill:#2d3748}.axis line{stroke:#a0aec0}.axis line.grid{stroke:#edf2f7}
            .node rect{fill:#ebf8ff;stroke:#2b6cb0}.edge{stroke:#718096;fill:none}
            footer{margin-top:32px;color:#718096;font-size:12px}
            """;

    private ReportPage() {
    }

    /** A whole document: the title, the body built by a report kind, and a footer naming the run. */
    static String render(String title, String runId, Html body) {
        return "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                // Nothing may load from anywhere: the report is the whole of what a reader sees.
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"/>\n"
                + "<title>" + Html.escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n"
                + "<h1>" + Html.escape(title) + "</h1>\n" + body
                + "<footer>Written by Ferry for run " + Html.escape(runId) + ". All times are UTC.</footer>\n</body>\n</html>\n";
    }

    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** A value as a page shows it: a moment in the one format the terminal uses too, anything else as it is. */
    static String value(String text) {
        return text != null && INSTANT.matcher(text).matches() ? TIME.format(Instant.parse(text)) : text;
    }

    static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
