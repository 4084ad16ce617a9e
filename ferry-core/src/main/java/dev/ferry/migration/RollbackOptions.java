package dev.ferry.migration;

/**
 * Options of {@code rollback}: either the number of newest migrations to undo, or the version to
 * go back to (everything above it is undone).
 */
public record RollbackOptions(Integer steps, String toVersion, boolean dryRun) {
    public static RollbackOptions steps(int n) {
        return new RollbackOptions(n, null, false);
    }

    public static RollbackOptions to(String version) {
        return new RollbackOptions(null, version, false);
    }

    public RollbackOptions withDryRun(boolean b) {
        return new RollbackOptions(steps, toVersion, b);
    }
}
