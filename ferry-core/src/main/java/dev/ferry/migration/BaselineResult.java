package dev.ferry.migration;

/** The baseline row {@code baseline} wrote. */
public record BaselineResult(String runId, String environment, String version, String description) {
}
