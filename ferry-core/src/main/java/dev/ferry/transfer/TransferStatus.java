package dev.ferry.transfer;

import java.util.List;

/** A run and the committed progress of each of its entities. */
public record TransferStatus(TransferRun run, List<EntityProgress> entities) {

    public record EntityProgress(String entity, String status, int slices, long rowsRead, long rowsWritten, long rowsRejected,
                                 int batches, String lastKey) {
    }
}
