package dev.ferry.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.run.Json;
import dev.ferry.transfer.TransferEvent;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.TransferOptions;
import dev.ferry.transfer.TransferResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The dashboard in a real headless Chromium: a transfer whose batches the test lets through one
 * by one, so the page is seen updating while the run is under way; its rejects; a drift made by
 * hand. After each page, the browser's own network log must show no request to anywhere but the
 * dashboard, and its console no error. Without Chromium and chromedriver the tests are skipped
 * with a warning, unless {@code FERRY_TEST_REQUIRE_BROWSER=true} makes them mandatory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("FERRY_TEST_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("FERRY_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final long WAIT_MS = 60_000;

    private DashboardProject project;
    private Dashboard dashboard;
    private DashboardServer server;
    private ChromeDriver browser;
    private final Semaphore batches = new Semaphore(0);
    private CompletableFuture<TransferResult> transfer;
    private String runId;

    @BeforeAll
    void startTransferServerAndBrowser(@TempDir Path dir) throws Exception {
        requireBrowser();
        project = DashboardProject.create(dir, 200);
        dashboard = project.ferry.dashboard();
        server = DashboardServer.start(dashboard, "127.0.0.1", 0, false);
        TransferListener oneBatchAtATime = e -> {
            if (e instanceof TransferEvent.BatchCommitted) {
                batches.acquireUninterruptibly();
            }
        };
        transfer = CompletableFuture.supplyAsync(() -> project.ferry.transfers(null, oneBatchAtATime).run(TransferOptions.DEFAULTS));
        browser = browser(dir.resolve("chromium-profile"));
    }

    private static void requireBrowser() {
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                missing.add(p.toString());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "headless Chromium not available (" + String.join(", ", missing) + " missing; apt-get install chromium "
                + "chromium-driver)";
        if ("true".equalsIgnoreCase(System.getenv("FERRY_TEST_REQUIRE_BROWSER"))) {
            throw new AssertionError(message + ", and FERRY_TEST_REQUIRE_BROWSER=true makes the dashboard's browser tests mandatory");
        }
        System.err.println("WARNING: " + message + ", so the dashboard's browser tests are skipped");
        Assumptions.abort(message);
    }

    private static ChromeDriver browser(Path profile) {
        // Selenium warns that it has no DevTools bindings for this Chromium; the tests read the logs chromedriver keeps instead.
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--window-size=1000,760", "--hide-scrollbars");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL", LogType.PERFORMANCE, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    void close() {
        batches.release(100_000);
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
            transfer.orTimeout(60, TimeUnit.SECONDS).exceptionally(e -> null).join();
            dashboard.close();
            project.close();
        }
    }

    @Test
    @Order(1)
    void aRunningTransferUpdatesInPlaceAsBatchesCommit() throws Exception {
        waitUntil("the first batch is committed", () -> !dashboard.transferRuns().runs().isEmpty()
                && dashboard.transfer(dashboard.transferRuns().runs().get(0).id()).entities().get(0).batches() >= 1);
        runId = dashboard.transferRuns().runs().get(0).id();
        browser.get(server.uri().resolve("transfers/" + runId).toString());
        assertThat(browser.findElement(By.id("run-status")).getText()).isEqualTo("running");
        long writtenBefore = written();
        assertThat(writtenBefore).isPositive().isLessThan(199);
        ((JavascriptExecutor) browser).executeScript("window.ferrySamePage = true");

        batches.release(3);
        waitUntil("the page shows the rows of the batches committed since it loaded", () -> written() > writtenBefore);
        assertThat(((JavascriptExecutor) browser).executeScript("return window.ferrySamePage === true")).as("updated without reloading")
                .isEqualTo(true);

        batches.release(100_000);
        assertThat(transfer.get(60, TimeUnit.SECONDS).entities().get(0).rowsWritten()).isEqualTo(199);
        waitUntil("the page shows the run completed", () -> browser.findElement(By.id("run-status")).getText().equals("completed"));
        assertThat(written()).isEqualTo(199);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", "dashboard-transfer.png"), StandardCopyOption.REPLACE_EXISTING);
        assertNothingLeftTheServerAndNoConsoleError();
    }

    @Test
    @Order(2)
    void theRejectsPageListsTheRejectedRowWithItsReason() throws Exception {
        transfer.get(60, TimeUnit.SECONDS);
        browser.get(server.uri().resolve("transfers/" + transfer.get().runId() + "/rejects").toString());
        String row = browser.findElement(By.cssSelector("main table tbody tr")).getText();
        assertThat(row).contains("people", DashboardProject.REJECTED_KEY, "age_not_negative", "person 7");
        assertNothingLeftTheServerAndNoConsoleError();
    }

    @Test
    @Order(3)
    void aSchemaChangeMadeByHandAppearsAsDrift() throws Exception {
        project.target.exec("ALTER TABLE people ADD COLUMN nickname TEXT");
        browser.get(server.uri().resolve("migrations").toString());
        assertThat(browser.findElement(By.id("drift")).getText()).contains("made outside the migrations");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("nickname");
        assertNothingLeftTheServerAndNoConsoleError();
    }

    private long written() {
        return Long.parseLong(browser.findElement(By.cssSelector("tr[data-entity='people'] [data-field='rowsWritten']")).getText());
    }

    /** Every request the browser sent since the last call went to the dashboard, and nothing was logged as an error. */
    private void assertNothingLeftTheServerAndNoConsoleError() throws Exception {
        List<String> urls = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = Json.mapper().readTree(e.getMessage()).path("message");
            if (message.path("method").asText().equals("Network.requestWillBeSent")) {
                urls.add(message.path("params").path("request").path("url").asText());
            }
        }
        // The browser's own pages (chrome://) never touch the network; everything that does must go to the dashboard.
        List<String> network = urls.stream().filter(u -> u.matches("(?i)^(https?|wss?|ftp)://.*")).toList();
        assertThat(network).isNotEmpty().allSatisfy(u -> assertThat(u).startsWith(server.uri().toString()));
        assertThat(urls).allSatisfy(u -> assertThat(u).matches("^(http://127\\.0\\.0\\.1:\\d+/|chrome://|data:|about:).*"));
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).filteredOn(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .isEmpty();
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("Timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
