/**
 * Retention: what ferry.yaml's {@code retention:} section keeps of backups, snapshots, protected
 * snapshots, run logs and reports, finished transfer state and audit entries, and {@code ferry
 * prune} deleting the rest. API: {@link dev.ferry.retention.Retention}, {@link
 * dev.ferry.retention.PruneOptions} and {@link dev.ferry.retention.RetentionResult}; the rest is engine.
 */
package dev.ferry.retention;
