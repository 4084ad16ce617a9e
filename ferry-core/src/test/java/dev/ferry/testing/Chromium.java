package dev.ferry.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's headless Chromium, for tests that open a page as a person would. A test that needs
 * it is skipped with a WARNING line when it is not installed, unless
 * {@code FERRY_TEST_REQUIRE_BROWSER=true} makes it a failure. Each page opens in a fresh profile
 * with networking features off; what the page writes to its console comes back, since a page
 * without script should write nothing (a blocked load or a script error shows up there).
 */
public final class Chromium {
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"),
            Path.of("/usr/bin/google-chrome"));
    private static final Pattern CONSOLE = Pattern.compile(":CONSOLE[:(][^\\]]*\\] (.*)");

    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    /** The installed browser, or the test is skipped (or failed when the browser is required). */
    public static Chromium required() {
        for (Path p : CANDIDATES) {
            if (Files.isExecutable(p)) {
                return new Chromium(p);
            }
        }
        String message = "Chromium not found (" + CANDIDATES + "): browser tests skipped";
        if ("true".equalsIgnoreCase(System.getenv("FERRY_TEST_REQUIRE_BROWSER"))) {
            throw new AssertionError(message + " (FERRY_TEST_REQUIRE_BROWSER=true makes the browser mandatory)");
        }
        System.err.println("WARNING: " + message);
        Assumptions.abort(message);
        return null;
    }

    /** What opening a page produced: its console messages and the screenshot written. */
    public record Page(List<String> console, Path screenshot) {
    }

    /** Opens {@code html} from disk and writes a screenshot of it to {@code screenshot} (PNG). */
    public Page open(Path html, Path screenshot, int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("ferry-chromium-");
        Files.createDirectories(screenshot.toAbsolutePath().getParent());
        Files.deleteIfExists(screenshot);
        Path log = Files.createTempFile("ferry-chromium-", ".log");
        try {
            Process p = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                    "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--window-size=" + width + "," + height,
                    "--screenshot=" + screenshot.toAbsolutePath(), html.toAbsolutePath().toUri().toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("Chromium did not finish opening " + html + " within 120 s");
            }
            List<String> console = new ArrayList<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                Matcher m = CONSOLE.matcher(line);
                if (m.find()) {
                    console.add(m.group(1));
                }
            }
            return new Page(console, screenshot);
        } finally {
            Files.deleteIfExists(log);
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
