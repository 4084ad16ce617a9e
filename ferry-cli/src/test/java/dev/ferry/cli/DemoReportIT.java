package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real CLI: the demo ends by naming its transfer report, a page that exists and holds its charts; the run printed plain progress. */
class DemoReportIT {
    @TempDir
    Path dir;

    @Test
    void theDemoEndsWithThePathOfItsTransferReportAndHowToOpenTheDashboard() throws Exception {
        CliProcess.Result demo = CliProcess.run(dir, Map.of(), "demo", "--dir", dir.resolve("demo").toString(), "--scale", "0.002");
        assertThat(demo.exitCode()).as(demo.all()).isZero();

        List<String> lines = demo.stdout().lines().toList();
        assertThat(lines.get(lines.size() - 1)).startsWith("The live dashboard of the project: cd ").contains("ferry serve");
        String last = lines.get(lines.size() - 2);
        assertThat(last).startsWith("The transfer report, with its charts, opens in any browser: ").endsWith("-transfer.html");
        Path report = Path.of(last.substring(last.indexOf(": ") + 2));
        assertThat(report).exists().startsWith(dir.resolve("demo/.ferry/reports"));
        assertThat(Files.readString(report)).contains("<svg", "Rows written per second, by entity").doesNotContain("<script");
        // Not a terminal here: plain lines, one done line per entity, nothing drawn in place.
        assertThat(demo.stderr()).doesNotContain("\u001b[").contains("  orders: done, ", "  patients: done, ");
    }
}
