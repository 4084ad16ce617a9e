package dev.ferry.transfer;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened in a transfer run: run started, entity started, batch committed, row
 * rejected, retry, entity finished, run finished. Listeners get them as they happen; with
 * {@code --events FILE} they are written as JSON lines.
 */
public record TransferEvent(Instant time, String run, Type type, String entity, Map<String, Object> data) {

    public enum Type {
        RUN_STARTED, ENTITY_STARTED, BATCH_COMMITTED, ROW_REJECTED, RETRY, ENTITY_FINISHED, CONSTRAINTS_DEFERRED,
        CONSTRAINTS_RESTORED, RUN_FINISHED, RUN_FAILED
    }

    public long number(String key) {
        Object v = data.get(key);
        return v instanceof Number n ? n.longValue() : 0;
    }
}
