package dev.ferry.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.run.Json;
import dev.ferry.transfer.TransferOptions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API and the guards around it, over plain HTTP: one project with a finished transfer that rejected a row. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardServerTest {
    private DashboardProject project;
    private Dashboard dashboard;
    private String runId;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void transferOnce(@TempDir Path dir) throws Exception {
        project = DashboardProject.create(dir, 40);
        runId = project.ferry.transfers(null, e -> { }).run(TransferOptions.DEFAULTS).runId();
        dashboard = project.ferry.dashboard();
    }

    @AfterAll
    void close() {
        dashboard.close();
        project.close();
    }

    @Test
    void theApiAnswersEachEnvironmentTransferRunAndItsRejectsAsJson() throws Exception {
        try (DashboardServer server = DashboardServer.start(dashboard, "127.0.0.1", 0, false)) {
            JsonNode envs = json(get(server, "api/environments"));
            assertThat(envs.get(0).path("name").asText()).isEqualTo("test");
            assertThat(envs.get(0).path("schemaVersion").asText()).isEqualTo("1");

            JsonNode runs = json(get(server, "api/transfers"));
            assertThat(runs.path("runs").get(0).path("id").asText()).isEqualTo(runId);

            JsonNode run = json(get(server, "api/transfers/" + runId));
            assertThat(run.path("run").path("status").asText()).isEqualTo("completed");
            JsonNode people = run.path("entities").get(0);
            assertThat(people.path("entity").asText()).isEqualTo("people");
            assertThat(people.path("rowsWritten").asLong()).isEqualTo(39);
            assertThat(people.path("rowsRejected").asLong()).isEqualTo(1);
            assertThat(people.path("percent").asInt()).isEqualTo(100);
            assertThat(run.path("throughput").get(0).path("points").size()).isPositive();
            assertThat(run.path("rejectReasons").get(0).path("reason").asText()).contains("age_not_negative");

            JsonNode rejects = json(get(server, "api/transfers/" + runId + "/rejects"));
            assertThat(rejects).hasSize(1);
            assertThat(rejects.get(0).path("legacyKey").asText()).isEqualTo(DashboardProject.REJECTED_KEY);
            assertThat(rejects.get(0).path("sourceValues").asText()).contains("person 7");

            HttpResponse<String> chart = get(server, "transfers/" + runId + "/throughput.svg");
            assertThat(chart.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
            assertThat(chart.body()).startsWith("<svg xmlns=").contains("<polyline", ">people</text>");

            JsonNode migrations = json(get(server, "api/migrations?env=test"));
            assertThat(migrations.path("migrations").get(0).path("state").asText()).isEqualTo("APPLIED");
        }
    }

    @Test
    void noAnswerContainsThePasswordAndEveryAnswerForbidsOtherOrigins() throws Exception {
        try (DashboardServer server = DashboardServer.start(dashboard, "127.0.0.1", 0, false)) {
            for (String path : new String[] {"", "migrations", "transfers", "transfers/" + runId, "backups", "audit", "verifications",
                "api/environments", "api/migrations", "api/transfers", "api/transfers/" + runId, "api/snapshots"}) {
                HttpResponse<String> r = get(server, path);
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                assertThat(r.body()).as(path).doesNotContain(DashboardProject.PASSWORD);
                assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(DashboardServer.SECURITY_POLICY);
            }
        }
    }

    @Test
    void anUnknownRunOrPathIsNotFoundWithAMessage() throws Exception {
        try (DashboardServer server = DashboardServer.start(dashboard, "127.0.0.1", 0, false)) {
            HttpResponse<String> r = get(server, "api/transfers/no-such-run");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(json(r).path("error").asText()).contains("no transfer run 'no-such-run'");
            assertThat(get(server, "api/nothing").statusCode()).isEqualTo(404);
            assertThat(get(server, "api/migrations?env=elsewhere").body()).contains("There is no environment 'elsewhere'");
        }
    }

    @Test
    void itListensOnTheLoopbackAddressAndChangesNothingWithoutActionsAllowed() throws Exception {
        try (DashboardServer server = DashboardServer.start(dashboard, "127.0.0.1", 0, false)) {
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(rawGet(server, "localhost")).startsWith("HTTP/1.1 200");
            assertThat(rawGet(server, "dashboard.example.com")).as("a request addressed to another name").startsWith("HTTP/1.1 403");
            HttpResponse<String> r = post(server, "api/actions/verify?env=test", server.token());
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("--allow-actions");
            assertThat(http.send(HttpRequest.newBuilder(server.uri().resolve("transfers")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        }
    }

    @Test
    void withActionsAllowedAnActionNeedsTheStartUpToken() throws Exception {
        try (DashboardServer server = DashboardServer.start(dashboard, "127.0.0.1", 0, true)) {
            assertThat(post(server, "api/actions/verify?env=test", null).statusCode()).isEqualTo(403);
            assertThat(post(server, "api/actions/verify?env=test", "not-the-token").statusCode()).isEqualTo(403);

            HttpResponse<String> r = post(server, "api/actions/verify?env=test", server.token());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).path("kind").asText()).isEqualTo("integrity");
            assertThat(json(get(server, "api/verifications")).get(0).path("runId").asText()).isEqualTo(json(r).path("runId").asText());
        }
    }

    private HttpResponse<String> get(DashboardServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with the Host header a browser would send for {@code host} (java.net.http does not let one set it). */
    private static String rawGet(DashboardServer server, String host) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(server.address().getAddress(), server.address().getPort())) {
            socket.getOutputStream().write(("GET /api/environments HTTP/1.1\r\nHost: " + host + ":" + server.address().getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private HttpResponse<String> post(DashboardServer server, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header(DashboardServer.TOKEN_HEADER, token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return Json.mapper().readTree(r.body());
    }

}
