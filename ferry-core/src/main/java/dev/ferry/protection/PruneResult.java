package dev.ferry.protection;

import java.time.Instant;

/** What {@code audit prune} removed: every entry older than {@code cutoff}. */
public record PruneResult(String runId, Instant cutoff, long deleted) {
}
