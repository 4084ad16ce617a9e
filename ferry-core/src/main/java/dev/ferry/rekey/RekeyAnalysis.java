package dev.ferry.rekey;

import java.util.List;

/**
 * What re-keying would touch (phase 1, nothing changed): per table its size, use, dependents and
 * the locks each later step takes; then what the user must resolve first.
 */
public record RekeyAnalysis(String database, String plan, List<TableAnalysis> tables, List<Blocker> blockers) {

    /** Whether nothing stops {@code phase} ({@code expand}, {@code switch} or {@code contract}). */
    public boolean clearFor(String phase) {
        List<String> order = List.of("expand", "switch", "contract");
        int upTo = order.indexOf(phase);
        return blockers.stream().noneMatch(b -> order.indexOf(b.blocks()) <= upTo);
    }

    /** One planned table. */
    public record TableAnalysis(String table, String key, String entity, long rows, long bytes, Usage usage,
                                List<Dependent> dependents, List<LockStep> locks) {
    }

    /** The table's use since the statistics were reset. */
    public record Usage(long sequentialScans, long indexScans, long inserts, long updates, long deletes, String statements) {
    }

    /** An object depending on the key or on a foreign-key column; {@code followed}: Ferry carries it through by itself. */
    public record Dependent(String column, String kind, String name, String detail, boolean followed) {
    }

    /** A later step, the lock it takes and how long for at this size. */
    public record LockStep(String step, String lock, String duration) {
    }

    /** Something the user must resolve before {@code blocks} (a phase), and how. */
    public record Blocker(String object, String problem, String action, String blocks) {
    }
}
