package dev.ferry.backup;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.ferry.run.Json;
import java.io.IOException;
import java.time.Instant;

/** Ferry's JSON mapper, plus reading back the ISO-8601 instants it writes. */
final class ManifestJson {
    static final ObjectMapper MAPPER = Json.mapper().copy().registerModule(new SimpleModule("ferry-manifest")
            .addDeserializer(Instant.class, new StdDeserializer<>(Instant.class) {
                @Override
                public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                    return Instant.parse(p.getText());
                }
            }));

    private ManifestJson() {
    }
}
