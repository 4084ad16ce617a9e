package dev.ferry.transfer;

import java.util.List;

/**
 * What {@code transfer retry} did with a run's rejected rows.
 *
 * @param rejectsCsv the report listing the rows still rejected, or {@code null} when none are
 */
public record TransferRetryResult(String runId, List<Entity> entities, List<String> notes, String rejectsCsv) {

    /**
     * One entity's rejects.
     *
     * @param retried rejects sent through the plan again
     * @param landed rows now in the target, no longer rejected
     * @param gone rejects dropped because the source no longer holds their row, or the target holds it already
     * @param stillRejected rows the plan or the target still refuses, with their reasons updated
     */
    public record Entity(String entity, long retried, long landed, long gone, long stillRejected) {
    }

    public long landed() {
        return entities.stream().mapToLong(Entity::landed).sum();
    }

    public long stillRejected() {
        return entities.stream().mapToLong(Entity::stillRejected).sum();
    }
}
