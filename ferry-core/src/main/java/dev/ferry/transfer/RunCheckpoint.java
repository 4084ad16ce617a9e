package dev.ferry.transfer;

/**
 * One batch a transfer run committed, as a checkpoint the run can be rolled back to
 * ({@code ferry transfer rollback RUN --to-checkpoint N}).
 *
 * @param number its place among the run's batches, from 1, in the order the run recorded them
 * @param seq its key in {@code ferry_transfer_batches}, which the run's ID-map rows and rejects carry
 * @param lastKey the last source key the batch read: its slice continues after it
 */
public record RunCheckpoint(int number, long seq, String entity, int slice, String lastKey, long rowsRead, long rowsWritten,
                            long rowsRejected) {
}
