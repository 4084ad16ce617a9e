package dev.ferry.transfer;

/**
 * Progress of one slice of one entity in one run, as committed in the target: the last key whose
 * batch committed, and the counts so far. Written in the same transaction as the batch's rows.
 */
public record Checkpoint(
        String run,
        String entity,
        int slice,
        String rangeStart,
        String rangeEnd,
        String lastKey,
        long rowsRead,
        long rowsWritten,
        long rowsRejected,
        int batches,
        String status) {

    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String DONE = "done";

    public boolean done() {
        return DONE.equals(status);
    }
}
