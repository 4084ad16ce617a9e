package dev.ferry.rekey;

import java.util.List;

/** The compatibility schemas made: one view per re-keyed table in each, and the statements that made them. */
public record CompatResult(String runId, List<String> schemas, int views, List<String> statements) {
}
