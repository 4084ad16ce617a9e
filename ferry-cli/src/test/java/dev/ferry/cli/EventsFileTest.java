package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.transfer.TransferEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --events FILE} writes one JSON line per event: time, run, event name, entity when there is one, then the event's fields. */
class EventsFileTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05.123Z");

    @Test
    void writesEachEventAsOneLineWithItsNameEntityAndFields(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out/events.jsonl");
        try (EventsFile events = new EventsFile(file)) {
            events.onEvent(new TransferEvent.BatchCommitted(T, "r1", "people", 0, 50, 49, 1, "50", 12, 50));
            events.onEvent(new TransferEvent.RunFinished(T, "r1", "completed"));
        }

        assertThat(Files.readAllLines(file)).containsExactly(
                "{\"time\":\"2026-01-02T03:04:05.123Z\",\"run\":\"r1\",\"event\":\"batch_committed\",\"entity\":\"people\",\"slice\":0,"
                        + "\"rows\":50,\"written\":49,\"rejected\":1,\"last_key\":\"50\",\"commit_ms\":12,\"batch_size\":50}",
                "{\"time\":\"2026-01-02T03:04:05.123Z\",\"run\":\"r1\",\"event\":\"run_finished\",\"status\":\"completed\"}");
    }

    @Test
    void writesListsAsJsonArrays(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        try (EventsFile events = new EventsFile(file)) {
            events.onEvent(new TransferEvent.ConstraintsDeferred(T, "r1", "visits", List.of("index visits_date_idx", "fk visits_clinic_fk")));
        }

        assertThat(Files.readString(file)).contains("\"event\":\"constraints_deferred\",\"entity\":\"visits\","
                + "\"dropped\":[\"index visits_date_idx\",\"fk visits_clinic_fk\"]}");
    }
}
