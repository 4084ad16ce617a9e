package dev.ferry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.spring.boot.shop.ProductCatalog;
import dev.ferry.spring.boot.shop.ShopApplication;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = ShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.placeholders.currency=EUR",
        "ferry.history-table=shop_history",
        "ferry.project-dir=${java.io.tmpdir}/ferry-starter-test",
        "management.endpoints.web.exposure.include=ferry,health",
        "management.endpoint.health.show-components=always",
        "management.endpoint.health.show-details=always"})
class FerryStarterApplicationTest {
    private static TestDatabase database;

    @LocalServerPort
    int port;

    @Autowired
    ProductCatalog catalog;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void applicationDatabase(DynamicPropertyRegistry registry) {
        database = TestServer.embeddedPostgres().create();
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::user);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void migrationsRunBeforeARepositoryQueriesAtStartup() {
        assertThat(catalog.loadedAtStartup()).containsExactly("Kayak EUR", "Paddle EUR");
    }

    @Test
    void historyGoesToTheConfiguredTable() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shop_history WHERE version IS NOT NULL", Integer.class)).isEqualTo(2);
    }

    @Test
    void actuatorEndpointListsEachMigrationWithItsState() throws Exception {
        JsonNode body = get("/actuator/ferry");

        List<String> states = new ArrayList<>();
        body.get("migrations").forEach(m -> states.add(m.get("version").asText() + " " + m.get("state").asText()));
        assertThat(states).containsExactly("1 APPLIED", "2 APPLIED");
        assertThat(body.get("schemaVersion").asText()).isEqualTo("2");
        assertThat(body.get("database").asText()).contains(database.name());
    }

    @Test
    void healthReportsTheSchemaUpWhenFilesAndHistoryAgree() throws Exception {
        JsonNode ferry = get("/actuator/health").get("components").get("ferry");

        assertThat(ferry.get("status").asText()).isEqualTo("UP");
        assertThat(ferry.get("details").get("drifted").asInt()).isZero();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}
