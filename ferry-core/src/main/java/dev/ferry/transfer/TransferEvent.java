package dev.ferry.transfer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Something that happened in a transfer run, as it happened. Listeners match on the kind and read
 * typed fields; with {@code --events FILE} and in the run log each event is a JSON line whose
 * {@code event} is {@link #name()} and whose other fields are {@link #fields()}.
 */
public sealed interface TransferEvent {

    Instant time();

    /** The transfer run's id. */
    String run();

    /** The entity the event concerns; {@code null} for events of the whole run. */
    default String entity() {
        return null;
    }

    /** The event's name in files and logs: the kind in snake case, such as {@code batch_committed}. */
    default String name() {
        return EventFields.name(this);
    }

    /** The fields particular to this kind, under their snake-case names and in declaration order (no time, run or entity). */
    default Map<String, Object> fields() {
        return EventFields.of(this);
    }

    record RunStarted(Instant time, String run, boolean resumed, List<String> entities, Map<String, Long> expectedRows)
            implements TransferEvent {
    }

    /** {@code --fresh} emptied the entity's target table, before the run starts; the deletion commits with the others. */
    record TargetEmptied(Instant time, String run, String entity, String table, long rowsDeleted) implements TransferEvent {
    }

    record EntityStarted(Instant time, String run, String entity, int slices, long alreadyRead) implements TransferEvent {
    }

    record BatchCommitted(Instant time, String run, String entity, int slice, int rows, long written, int rejected, String lastKey,
                          long commitMs, int batchSize) implements TransferEvent {
    }

    record RowRejected(Instant time, String run, String entity, String legacyKey, String error) implements TransferEvent {
    }

    /** A transient failure of one slice; it starts again from its checkpoint after {@code backoffMs}. */
    record Retry(Instant time, String run, String entity, int slice, int attempt, long backoffMs, String error) implements TransferEvent {
    }

    record EntityFinished(Instant time, String run, String entity, long read, long written, long rejected, long durationMs)
            implements TransferEvent {
    }

    /** Indexes and foreign keys of the entity's target table dropped for the load, each as "kind name". */
    record ConstraintsDeferred(Instant time, String run, String entity, List<String> dropped) implements TransferEvent {
    }

    /** What was rebuilt after the load, each as "kind name". */
    record ConstraintsRestored(Instant time, String run, List<String> rebuilt) implements TransferEvent {
    }

    record RunFinished(Instant time, String run, String status) implements TransferEvent {
    }

    record RunFailed(Instant time, String run, String error) implements TransferEvent {
    }
}
