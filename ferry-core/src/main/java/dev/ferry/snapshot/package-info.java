/**
 * In-database table snapshots. API: {@link dev.ferry.snapshot.Snapshots} (from
 * {@code ferry.snapshots()}) and its result records.
 */
package dev.ferry.snapshot;
