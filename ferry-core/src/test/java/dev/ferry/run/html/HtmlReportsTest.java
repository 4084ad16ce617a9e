package dev.ferry.run.html;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.Ferry;
import dev.ferry.backup.BackupOptions;
import dev.ferry.backup.BackupResult;
import dev.ferry.backup.RestoreOptions;
import dev.ferry.config.ConfigOverrides;
import dev.ferry.doctor.DoctorOptions;
import dev.ferry.migration.MigrateOptions;
import dev.ferry.testing.Chromium;
import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.TransferOptions;
import dev.ferry.transfer.TransferResult;
import dev.ferry.verify.IntegrityOptions;
import dev.ferry.verify.VerifyLevel;
import dev.ferry.verify.VerifyResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The HTML report of each kind of run, produced by a real run: well-formed (parsed as XML), with
 * its charts, self-contained, and opened in a headless Chromium without a console message; a
 * screenshot of each goes to {@code target/report-screenshots/} for a person to look at.
 */
class HtmlReportsTest {
    private static final Path SCREENSHOTS = Path.of("target/report-screenshots");

    @TempDir
    Path project;

    @Test
    void everyKindOfRunWritesAPageWithItsChartsThatABrowserOpensWithoutErrors() throws Exception {
        Map<String, Path> pages = new LinkedHashMap<>();
        try (TestDatabase legacy = TestServer.embeddedPostgres().create(); TestDatabase development = TestServer.embeddedPostgres().create()) {
            ClinicProject.fillSource(legacy, 0.004);
            // Two patients whose sex the plan cannot map: rejected, and their orders with them.
            legacy.exec("UPDATE dispatch_patient SET sex = 'X' WHERE id IN (5, 6)");
            ClinicProject.copyMigrations(project);
            Files.writeString(project.resolve("ferry.yaml"), "environments:\n"
                    + "  development: {url: \"" + development.url() + "\", user: " + development.user() + "}\n"
                    + "  legacy: {url: \"" + legacy.url() + "\", user: " + legacy.user() + "}\n");
            Files.writeString(project.resolve("transfer.yaml"), Files.readString(ClinicProject.exampleDir().resolve("transfer.yaml"))
                    .replace("max_rejects: 0.1%", "max_rejects: 50%"));
            try (Ferry ferry = Ferry.load(project, null, ConfigOverrides.NONE)) {
                String migrate = ferry.migrations().migrate(MigrateOptions.DEFAULTS).runId();
                pages.put("migrate", report(migrate + "-migrate"));

                TransferResult transfer = ferry.transfers(null, TransferListener.NONE)
                        .run(new TransferOptions(List.of(), false, 4, 500, null, false, 100, TransferOptions.PreRunBackup.AS_PLANNED));
                pages.put("transfer", report(transfer.runId() + "-transfer"));

                development.exec("UPDATE orders SET amount = amount + 1 WHERE id = (SELECT id FROM orders ORDER BY id LIMIT 1)");
                VerifyResult verify = ferry.verification().transfer(null, VerifyLevel.STANDARD, List.of(),
                        new IntegrityOptions(List.of(), List.of(), null));
                assertThat(verify.clean()).as("the changed order differs").isFalse();
                pages.put("verify", report(verify.runId() + "-verify"));

                BackupResult backup = ferry.backups().backup(BackupOptions.DEFAULTS);
                pages.put("backup", single("-backup.html"));
                ferry.backups().restore(RestoreOptions.of(backup.archive()).withConfirmed(true));
                pages.put("restore", single("-restore.html"));

                ferry.doctor(new DoctorOptions(false));
                pages.put("doctor", single("-doctor.html"));
            }
        }

        Map<String, Document> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, Path> page : pages.entrySet()) {
            String html = Files.readString(page.getValue());
            assertThat(html).as(page.getKey() + ": self-contained").doesNotContain("<script", "src=\"http", "href=\"http", "<link");
            Document doc = xml(html);
            assertThat(doc.getElementsByTagName("svg").getLength()).as(page.getKey() + ": has a chart").isPositive();
            parsed.put(page.getKey(), doc);
        }
        assertThat(captions(parsed.get("transfer"))).contains("Rows written per second, by entity", "Average batch size per second, by entity",
                "Slowest commit per second, by entity", "Entities by dependency, with their times");
        assertThat(text(parsed.get("transfer"))).contains("no entry in its map").contains("parent rejected")
                .contains("patients", "orders", "offices");
        assertThat(captions(parsed.get("verify"))).contains("Checks by result", "Differing rows by check");
        assertThat(text(parsed.get("verify"))).contains("FAILED");
        assertThat(captions(parsed.get("migrate"))).contains("Time per migration");
        assertThat(text(parsed.get("migrate"))).contains("create offices", "create orders");
        for (String generic : List.of("backup", "restore", "doctor")) {
            assertThat(captions(parsed.get(generic))).as(generic).anyMatch(c -> c.startsWith("Seconds from the start of the run"));
        }
        assertThat(text(parsed.get("doctor"))).contains("schema drift");

        Chromium chromium = Chromium.required();
        for (Map.Entry<String, Path> page : pages.entrySet()) {
            Chromium.Page opened = chromium.open(page.getValue(), SCREENSHOTS.resolve(page.getKey() + ".png"), 1100, 2400);
            assertThat(opened.console()).as(page.getKey() + ": console messages").isEmpty();
            assertThat(Files.size(opened.screenshot())).as(page.getKey() + ": screenshot").isGreaterThan(10_000);
        }
    }

    @Test
    void textFromTheDataIsEscapedSoItCannotBecomeMarkup() throws Exception {
        JsonNode result = new ObjectMapper().readTree("{\"runId\":\"r1\",\"table\":\"<script>alert(1)</script>\","
                + "\"steps\":[{\"name\":\"a & b\",\"status\":\"failed\",\"detail\":\"x\\u0001 \\\"quoted\\\" 'single'\"}]}");
        Path json = Files.writeString(project.resolve("r1-backup.json"), result.toString());
        Path log = Files.writeString(project.resolve("r1.jsonl"), "{\"time\":\"2026-01-01T00:00:00Z\",\"event\":\"run_started\","
                + "\"table\":\"<b>t</b>\"}\n");

        Path page = HtmlReports.write(json, "backup", "r1", result, log);

        Document doc = xml(Files.readString(page));
        assertThat(doc.getElementsByTagName("script").getLength()).isZero();
        assertThat(doc.getElementsByTagName("b").getLength()).isZero();
        assertThat(text(doc)).contains("<script>alert(1)</script>", "a & b", "\"quoted\" 'single'", "<b>t</b>");
    }

    @Test
    void aRejectReasonIsTheErrorWithoutTheDatabasesDetailAboutTheRowOrItsValues() {
        assertThat(TransferHtmlReport.reason("ERROR: duplicate key value violates unique constraint \"u\"  Detail: Key (email)=(a@b) exists."))
                .isEqualTo("ERROR: duplicate key value violates unique constraint \"u\"");
        assertThat(TransferHtmlReport.reason("value too long\nsecond line")).isEqualTo("value too long");
        assertThat(TransferHtmlReport.reason("column sex: value 'X' has no entry in its map"))
                .isEqualTo("column sex: value '\u2026' has no entry in its map");
        assertThat(TransferHtmlReport.reason("parent rejected: patients 6")).isEqualTo(TransferHtmlReport.reason("parent rejected: patients 5"));
        assertThat(TransferHtmlReport.reason("")).isEqualTo("(no message)");
    }

    private Path report(String base) {
        Path page = project.resolve(".ferry/reports/" + base + ".html");
        assertThat(page).exists();
        assertThat(project.resolve(".ferry/reports/" + base + ".json")).exists();
        return page;
    }

    private Path single(String suffix) throws Exception {
        try (Stream<Path> files = Files.list(project.resolve(".ferry/reports"))) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
            assertThat(found).as(suffix).hasSize(1);
            return found.get(0);
        }
    }

    private static Document xml(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> captions(Document doc) {
        List<String> out = new ArrayList<>();
        NodeList list = doc.getElementsByTagName("figcaption");
        for (int i = 0; i < list.getLength(); i++) {
            out.add(list.item(i).getTextContent());
        }
        return out;
    }

    private static String text(Document doc) {
        return doc.getDocumentElement().getTextContent();
    }
}
