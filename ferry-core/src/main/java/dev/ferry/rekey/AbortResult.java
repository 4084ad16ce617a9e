package dev.ferry.rekey;

import java.util.List;

/** What {@code rekey abort} removed and put back (or in a dry run would), as the statements run in its one transaction. */
public record AbortResult(String runId, boolean dryRun, List<String> statements, int tables) {
}
