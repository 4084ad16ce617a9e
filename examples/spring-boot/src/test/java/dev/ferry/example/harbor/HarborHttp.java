package dev.ferry.example.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Reads the running application's JSON as a client would. */
final class HarborHttp {
    private HarborHttp() {
    }

    static JsonNode get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    /** "script STATE" for each migration {@code /actuator/ferry} lists. */
    static List<String> migrationStates(int port) throws IOException, InterruptedException {
        List<String> states = new ArrayList<>();
        get(port, "/actuator/ferry").get("migrations").forEach(m -> states.add(m.get("script").asText() + " " + m.get("state").asText()));
        return states;
    }
}
