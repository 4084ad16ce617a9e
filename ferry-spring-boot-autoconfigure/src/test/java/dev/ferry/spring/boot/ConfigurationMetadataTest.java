package dev.ferry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metadata IDEs complete {@code ferry.*} from is generated, described and has the defaults. */
class ConfigurationMetadataTest {
    @Test
    void everyFerryPropertyIsDescribedForIdes() throws Exception {
        Map<String, JsonNode> properties = new HashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            new ObjectMapper().readTree(in).get("properties").forEach(p -> properties.put(p.get("name").asText(), p));
        }

        assertThat(properties).containsKeys("ferry.enabled", "ferry.locations", "ferry.schemas", "ferry.history-table",
                "ferry.placeholders", "ferry.validate-on-migrate", "ferry.protected", "management.health.ferry.enabled");
        properties.keySet().stream().filter(name -> name.startsWith("ferry."))
                .forEach(name -> assertThat(properties.get(name).path("description").asText()).as(name).isNotBlank());
        assertThat(properties.get("ferry.history-table").get("defaultValue").asText()).isEqualTo("ferry_schema_history");
        assertThat(properties.get("ferry.protected").get("defaultValue").asBoolean()).isFalse();
        assertThat(properties.get("ferry.locations").get("defaultValue").get(0).asText()).isEqualTo("classpath:db/migration");
    }
}
