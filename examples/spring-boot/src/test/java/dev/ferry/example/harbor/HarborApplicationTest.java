package dev.ferry.example.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.Ferry;
import dev.ferry.db.Database;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HarborApplicationTest {
    /** Ferry's embedded PostgreSQL, new for each run under target/: the tests need no database server. */
    private static Ferry embedded;
    private static Path embeddedDir;

    @LocalServerPort
    int port;

    @Autowired
    BoatRepository boats;

    @DynamicPropertySource
    static void embeddedPostgres(DynamicPropertyRegistry registry) throws IOException {
        embeddedDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "harbor-db");
        embedded = Ferry.builder().projectDir(embeddedDir).variables(Map.of()).build();
        Database database = embedded.database();
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", () -> "");
    }

    @AfterAll
    static void stopEmbeddedPostgres() throws IOException {
        embedded.close();
        try (Stream<Path> files = Files.walk(embeddedDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void theRepositoryReadsTheMigratedTableAtStartup() {
        assertThat(boats.boatsAtStartup()).isEqualTo(2);
    }

    @Test
    void boatsHaveTheHomePortFromThePlaceholder() throws Exception {
        JsonNode list = get("/boats");

        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("name").asText()).isEqualTo("Heron");
        assertThat(list.get(0).get("homePort").asText()).isEqualTo("Kiel");
    }

    @Test
    void actuatorShowsBothMigrationsApplied() throws Exception {
        List<String> states = new ArrayList<>();
        get("/actuator/ferry").get("migrations").forEach(m -> states.add(m.get("script").asText() + " " + m.get("state").asText()));

        assertThat(states).containsExactly("V1__create_boats.sql APPLIED", "V2__add_home_port.sql APPLIED");
        assertThat(get("/actuator/health").get("components").get("ferry").get("status").asText()).isEqualTo("UP");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}
