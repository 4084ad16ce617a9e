package dev.ferry.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;

/** The one JSON mapper configuration for logs, reports and {@code --json} output. */
public final class Json {
    // Instants print as ISO-8601 text. A one-serializer module instead of the whole JSR-310 module
    // keeps a short CLI run from loading a hundred classes it never needs.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("ferry-time").addSerializer(Instant.class, ToStringSerializer.instance))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Loads and links the JSON machinery by rendering a small sample. A short-lived CLI process
     * calls this on a background thread so that the cost overlaps with connecting to the database
     * instead of adding to it.
     */
    public static void warmUp() {
        try {
            MAPPER.writeValueAsString(new Sample("warm", java.time.Instant.EPOCH, java.util.List.of(1L), java.util.Map.of("k", true)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // A failed warm-up costs nothing but the time it was meant to save.
        }
    }

    private record Sample(String name, java.time.Instant at, java.util.List<Long> values, java.util.Map<String, Boolean> flags) {
    }
}
