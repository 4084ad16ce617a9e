package dev.ferry.example.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.db.Database;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HarborApplicationTest {
    private static EmbeddedDatabase embedded;

    @LocalServerPort
    int port;

    @Autowired
    BoatRepository boats;

    @DynamicPropertySource
    static void embeddedPostgres(DynamicPropertyRegistry registry) throws IOException {
        embedded = EmbeddedDatabase.start();
        Database database = embedded.database();
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", () -> "");
    }

    @AfterAll
    static void stopEmbeddedPostgres() throws IOException {
        embedded.close();
    }

    @Test
    void theRepositoryReadsTheMigratedTableAtStartup() {
        assertThat(boats.boatsAtStartup()).isEqualTo(2);
    }

    @Test
    void boatsHaveTheHomePortFromThePlaceholder() throws Exception {
        JsonNode list = HarborHttp.get(port, "/boats");

        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("name").asText()).isEqualTo("Heron");
        assertThat(list.get(0).get("homePort").asText()).isEqualTo("Kiel");
    }

    @Test
    void theBeanMigrationGaveEachBerthItsLengthFromTheHarborMaster() throws Exception {
        JsonNode list = HarborHttp.get(port, "/boats");

        // harbor.metres-per-berth=12: odd berths are 12 m long, even ones twice that.
        assertThat(list.findValuesAsText("berthLength")).containsExactly("12", "24");
    }

    @Test
    void actuatorShowsTheScriptsAndTheBeanMigrationApplied() throws Exception {
        assertThat(HarborHttp.migrationStates(port)).containsExactly("V1__create_boats.sql APPLIED", "V2__add_home_port.sql APPLIED",
                V3__Assign_berth_lengths.class.getName() + " APPLIED");
        assertThat(HarborHttp.get(port, "/actuator/health").get("components").get("ferry").get("status").asText()).isEqualTo("UP");
    }
}
