package dev.ferry.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunJournalTest {
    @TempDir
    Path stateDir;

    @Test
    void aSuccessfulRunEndsWithExactlyOneRunFinishedCarryingItsSummary() throws IOException {
        String result = RunJournal.run(stateDir, "backup", Map.of("database", "jdbc:postgresql://db/app"), journal -> {
            journal.event("table_dumped", Map.of("table", "orders"));
            journal.summary(Map.of("rows", 12));
            return "done";
        });

        assertThat(result).isEqualTo("done");
        List<JsonNode> events = events();
        assertThat(events).extracting(e -> e.get("event").asText()).containsExactly("run_started", "table_dumped", "run_finished");
        JsonNode finished = events.get(2);
        assertThat(finished.get("run").asText()).isEqualTo(events.get(0).get("run").asText());
        assertThat(finished.get("command").asText()).isEqualTo("backup");
        assertThat(finished.get("status").asText()).isEqualTo("ok");
        assertThat(finished.get("duration_ms").isIntegralNumber()).isTrue();
        assertThat(finished.get("rows").asInt()).isEqualTo(12);
    }

    @Test
    void runsStartedInTheSameSecondEachGetTheirOwnRunIdAndLog() throws IOException {
        // Thousands of runs a second make two of them draw the same 16-bit suffix many times over.
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 4000; i++) {
            ids.add(RunJournal.run(stateDir, "status", Map.of(), RunJournal::runId));
        }
        assertThat(ids).hasSize(4000);
        try (Stream<Path> logs = Files.list(stateDir.resolve("logs"))) {
            assertThat(logs.count()).isEqualTo(4000);
        }
    }

    @Test
    void aFailingRunEndsWithExactlyOneRunFailedCarryingTheErrorCodeAndTheExceptionGoesOnUnchanged() throws IOException {
        FerryException thrown = new FerryException(ErrorCode.VALIDATION_FAILED, "3 rows differ");

        assertThatThrownBy(() -> RunJournal.run(stateDir, "verify", Map.of(), journal -> {
            throw thrown;
        })).isSameAs(thrown);

        List<JsonNode> events = events();
        assertThat(events).extracting(e -> e.get("event").asText()).containsExactly("run_started", "run_failed");
        JsonNode failed = events.get(1);
        assertThat(failed.get("command").asText()).isEqualTo("verify");
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("duration_ms").isIntegralNumber()).isTrue();
        assertThat(failed.get("error_code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(failed.get("exit_code").asInt()).isEqualTo(3);
        assertThat(failed.get("error").asText()).isEqualTo("3 rows differ");
    }

    @Test
    void aCheckedExceptionIsRecordedAsAFailureAndRethrownAsItWas() throws IOException {
        SQLException thrown = new SQLException("connection lost", "08006");

        assertThatThrownBy(() -> RunJournal.run(stateDir, "seed", Map.of(), journal -> {
            throw thrown;
        })).isSameAs(thrown);

        JsonNode failed = events().get(1);
        assertThat(failed.get("event").asText()).isEqualTo("run_failed");
        assertThat(failed.get("error_code").asText()).isEqualTo("FAILURE");
        assertThat(failed.get("error").asText()).isEqualTo("connection lost");
    }

    private List<JsonNode> events() throws IOException {
        List<Path> logs;
        try (Stream<Path> s = Files.list(stateDir.resolve("logs"))) {
            logs = s.toList();
        }
        assertThat(logs).hasSize(1);
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(logs.get(0))) {
            events.add(Json.mapper().readTree(line));
        }
        return events;
    }
}
