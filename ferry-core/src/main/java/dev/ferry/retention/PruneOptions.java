package dev.ferry.retention;

/**
 * How to prune.
 *
 * @param dryRun say what would be deleted and why the rest is kept; delete nothing, write no run
 * @param confirmed needed to prune a protected environment
 * @param passphrase verifies encrypted backups when looking for the newest valid one; {@code null}
 *     keeps the newest encrypted backup unverified
 */
public record PruneOptions(boolean dryRun, boolean confirmed, char[] passphrase) {
    public static final PruneOptions DRY_RUN = new PruneOptions(true, false, null);
    public static final PruneOptions CONFIRMED = new PruneOptions(false, true, null);

    @Override
    public String toString() {
        return "PruneOptions[dryRun=" + dryRun + ", confirmed=" + confirmed + ", passphrase=" + (passphrase != null) + "]";
    }
}
