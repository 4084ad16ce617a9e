package dev.ferry.transfer;

import java.util.List;

/**
 * A run, the committed progress of each of its entities, and the indexes and foreign keys it set
 * aside ({@code defer_constraints}) that are not back yet: while a run is under way that is
 * expected; after it failed, those constraints are missing from the target until it is resumed.
 */
public record TransferStatus(TransferRun run, List<EntityProgress> entities, List<MissingConstraint> missingConstraints) {

    public TransferStatus(TransferRun run, List<EntityProgress> entities) {
        this(run, entities, List.of());
    }

    public record EntityProgress(String entity, String status, int slices, long rowsRead, long rowsWritten, long rowsRejected,
                                 int batches, String lastKey) {
    }

    /**
     * A key, index or foreign key the run dropped and has not rebuilt; {@code definition} is the SQL
     * that creates it, {@code entity} the entity that set it aside ({@code (id map)} for the ID map's key).
     */
    public record MissingConstraint(String kind, String name, String table, String definition, String entity) {
    }

    /** The command that rebuilds the missing constraints (once the rows that violate them are fixed). */
    public String restoreCommand() {
        return "ferry transfer run --resume " + run.id();
    }
}
