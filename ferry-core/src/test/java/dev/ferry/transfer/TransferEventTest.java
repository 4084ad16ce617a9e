package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.run.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The names and fields every kind of event carries into the events file and the run log; scripts read them. */
class TransferEventTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void everyKindIsNamedInSnakeCase() {
        assertThat(List.of(new TransferEvent.RunStarted(T, "r", false, List.of(), Map.of()),
                new TransferEvent.EntityStarted(T, "r", "e", 1, 0),
                new TransferEvent.BatchCommitted(T, "r", "e", 0, 1, 1, 0, "1", 1, 1),
                new TransferEvent.RowRejected(T, "r", "e", "1", "x"),
                new TransferEvent.Retry(T, "r", "e", 0, 1, 200, "x"),
                new TransferEvent.EntityFinished(T, "r", "e", 1, 1, 0, 5),
                new TransferEvent.ConstraintsDeferred(T, "r", "e", List.of()),
                new TransferEvent.ConstraintsRestored(T, "r", List.of()),
                new TransferEvent.RunFinished(T, "r", "completed"),
                new TransferEvent.RunFailed(T, "r", "boom")).stream().map(TransferEvent::name))
                .containsExactly("run_started", "entity_started", "batch_committed", "row_rejected", "retry", "entity_finished",
                        "constraints_deferred", "constraints_restored", "run_finished", "run_failed");
    }

    @Test
    void aCommittedBatchCarriesItsCountsKeyAndTimingsUnderSnakeCaseNames() throws Exception {
        TransferEvent e = new TransferEvent.BatchCommitted(T, "r1", "people", 2, 500, 498, 2, "1500", 37, 1000);

        assertThat(json(e)).isEqualTo("{\"slice\":2,\"rows\":500,\"written\":498,\"rejected\":2,\"last_key\":\"1500\",\"commit_ms\":37,"
                + "\"batch_size\":1000}");
        assertThat(e.entity()).isEqualTo("people");
    }

    @Test
    void theRunStartCarriesExpectedRowsInEntityOrder() throws Exception {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("visits", 10L);
        expected.put("clinics", 2L);

        assertThat(json(new TransferEvent.RunStarted(T, "r1", true, List.of("visits", "clinics"), expected)))
                .isEqualTo("{\"resumed\":true,\"entities\":[\"visits\",\"clinics\"],\"expected_rows\":{\"visits\":10,\"clinics\":2}}");
    }

    @Test
    void eachOtherKindCarriesTheFieldsItAlwaysHas() throws Exception {
        assertThat(json(new TransferEvent.EntityStarted(T, "r", "people", 4, 1200))).isEqualTo("{\"slices\":4,\"already_read\":1200}");
        assertThat(json(new TransferEvent.RowRejected(T, "r", "people", "17", "null value [SQLState 23502]")))
                .isEqualTo("{\"legacy_key\":\"17\",\"error\":\"null value [SQLState 23502]\"}");
        assertThat(json(new TransferEvent.Retry(T, "r", "people", 1, 2, 400, "connection lost")))
                .isEqualTo("{\"slice\":1,\"attempt\":2,\"backoff_ms\":400,\"error\":\"connection lost\"}");
        assertThat(json(new TransferEvent.EntityFinished(T, "r", "people", 10, 9, 1, 250)))
                .isEqualTo("{\"read\":10,\"written\":9,\"rejected\":1,\"duration_ms\":250}");
        assertThat(json(new TransferEvent.ConstraintsDeferred(T, "r", "people", List.of("index people_name_idx"))))
                .isEqualTo("{\"dropped\":[\"index people_name_idx\"]}");
        assertThat(json(new TransferEvent.ConstraintsRestored(T, "r", List.of("fk visits_clinic_fk"))))
                .isEqualTo("{\"rebuilt\":[\"fk visits_clinic_fk\"]}");
        assertThat(json(new TransferEvent.RunFinished(T, "r", "completed"))).isEqualTo("{\"status\":\"completed\"}");
        assertThat(json(new TransferEvent.RunFailed(T, "r", "boom"))).isEqualTo("{\"error\":\"boom\"}");
    }

    @Test
    void runLevelEventsHaveNoEntityAndAMissingValueIsLeftOut() throws Exception {
        assertThat(new TransferEvent.RunFinished(T, "r", "completed").entity()).isNull();
        assertThat(json(new TransferEvent.Retry(T, "r", "people", 0, 1, 200, null))).isEqualTo("{\"slice\":0,\"attempt\":1,\"backoff_ms\":200}");
    }

    private static String json(TransferEvent e) throws Exception {
        return Json.mapper().writeValueAsString(e.fields());
    }
}
