/**
 * Protected data: audit trail, checks, snapshots and recovery. API:
 * {@link dev.ferry.protection.Protection} (from {@code ferry.protection()}) and its result records.
 */
package dev.ferry.protection;
