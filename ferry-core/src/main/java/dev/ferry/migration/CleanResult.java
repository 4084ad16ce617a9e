package dev.ferry.migration;

import java.util.List;

/** What {@code clean} dropped. */
public record CleanResult(String runId, String environment, List<String> schemas, List<String> dropped) {
}
