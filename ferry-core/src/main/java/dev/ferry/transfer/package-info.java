/**
 * Data transfer. API: {@link dev.ferry.transfer.Transfers} (from {@code ferry.transfers(...)}),
 * {@link dev.ferry.transfer.TransferOptions}, {@link dev.ferry.transfer.TransferResult},
 * {@link dev.ferry.transfer.TransferListener} with its {@link dev.ferry.transfer.TransferEvent}s,
 * the status, rollback and description records, and the rejected rows: {@link dev.ferry.transfer.RejectFilter},
 * {@link dev.ferry.transfer.RejectedRow}, {@link dev.ferry.transfer.RejectListing}, {@link dev.ferry.transfer.RejectsCsv}
 * and {@link dev.ferry.transfer.TransferRetryResult}. The runner, its workers and the resume store
 * are engine: package-private, or public only where verify and doctor read a run.
 */
package dev.ferry.transfer;
