/**
 * Data transfer. API: {@link dev.ferry.transfer.Transfers} (from {@code ferry.transfers(...)}),
 * {@link dev.ferry.transfer.TransferOptions}, {@link dev.ferry.transfer.TransferResult},
 * {@link dev.ferry.transfer.TransferListener} with its {@link dev.ferry.transfer.TransferEvent}s,
 * and the status, rollback and description records. The runner, its workers and the resume store
 * are engine: package-private, or public only where verify and doctor read a run.
 */
package dev.ferry.transfer;
