package dev.ferry.verify;

import java.util.List;

/**
 * What a fix did (or, for a dry run, would do).
 *
 * @param fixRun the id to give {@code ferry verify undo}; {@code null} for a dry run
 */
public record FixResult(String fixRun, boolean dryRun, List<Action> actions) {

    /** One kind of change on one table: which keys, and where the rows went. */
    public record Action(String kind, String table, String reason, List<String> keys, String movedTo) {
    }

    public long rows() {
        return actions.stream().mapToLong(a -> a.keys().size()).sum();
    }
}
