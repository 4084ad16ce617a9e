package dev.ferry.run.html;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.FerryException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.BiConsumer;

/** Reads a run's JSON-lines log one event at a time, so a long run's log is never held whole. */
final class RunEvents {
    private static final ObjectMapper READER = new ObjectMapper();

    private RunEvents() {
    }

    /** Calls {@code each} with every event's name and line, in order; nothing when there is no log. */
    static void forEach(Path log, BiConsumer<String, JsonNode> each) {
        if (log == null || !Files.isRegularFile(log)) {
            return;
        }
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    JsonNode event = READER.readTree(line);
                    each.accept(event.path("event").asText(), event);
                }
            }
        } catch (IOException e) {
            throw FerryException.failure("Cannot read the run log " + log + " for the HTML report: " + e.getMessage(), e);
        }
    }

    static Instant time(JsonNode event) {
        return Instant.parse(event.path("time").asText());
    }
}
