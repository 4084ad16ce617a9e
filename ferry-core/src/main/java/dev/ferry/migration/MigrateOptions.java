package dev.ferry.migration;

/**
 * Options of {@code migrate}.
 *
 * @param target apply versioned migrations up to and including this version; {@code null} for all
 * @param dryRun print the SQL that would run, history writes included, and change nothing
 * @param outOfOrder also apply pending migrations older than the newest applied one
 */
public record MigrateOptions(String target, boolean dryRun, boolean outOfOrder) {
    public static final MigrateOptions DEFAULTS = new MigrateOptions(null, false, false);

    public MigrateOptions withTarget(String v) {
        return new MigrateOptions(v, dryRun, outOfOrder);
    }

    public MigrateOptions withDryRun(boolean b) {
        return new MigrateOptions(target, b, outOfOrder);
    }

    public MigrateOptions withOutOfOrder(boolean b) {
        return new MigrateOptions(target, dryRun, b);
    }
}
