package dev.ferry.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.FerryException;
import dev.ferry.run.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the run logs under {@code .ferry/logs/} tell about one transfer run: the rows it expected
 * per entity and each committed batch. A resumed run spans several logs; they are read in name
 * (that is, time) order. Lines are read one at a time, so a long run's log is never held whole.
 */
final class TransferRunLog {
    record Batch(Instant time, String entity, int rows) {
    }

    private final Map<String, Long> expectedRows = new LinkedHashMap<>();
    private final List<Batch> batches = new ArrayList<>();

    static TransferRunLog read(Path logsDir, String transferRun) {
        TransferRunLog log = new TransferRunLog();
        if (!Files.isDirectory(logsDir)) {
            return log;
        }
        String marker = "\"transfer_run\":\"" + transferRun + "\"";
        try (Stream<Path> files = Files.list(logsDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                log.readFile(f, marker);
            }
        } catch (IOException e) {
            throw FerryException.failure("Cannot read the run logs under " + logsDir + ": " + e.getMessage(), e);
        }
        return log;
    }

    private void readFile(Path f, String marker) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            if (first == null || !first.contains("\"command\":\"transfer\"")) {
                return;
            }
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.contains(marker)) {
                    take(Json.mapper().readTree(line));
                }
            }
        }
    }

    private void take(JsonNode e) {
        switch (e.path("event").asText()) {
            case "run_started" -> e.path("expected_rows").fields().forEachRemaining(f -> expectedRows.putIfAbsent(f.getKey(), f.getValue().asLong()));
            case "batch_committed" -> batches.add(new Batch(Instant.parse(e.path("time").asText()), e.path("entity").asText(),
                    e.path("rows").asInt()));
            default -> { }
        }
    }

    Map<String, Long> expectedRows() {
        return expectedRows;
    }

    List<Batch> batches() {
        return batches;
    }
}
