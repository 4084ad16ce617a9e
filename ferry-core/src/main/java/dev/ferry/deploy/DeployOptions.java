package dev.ferry.deploy;

/**
 * How to deploy.
 *
 * @param seed apply the environment's seed files after migrating
 * @param dryRun run the preflight only and return the plan; change nothing
 * @param confirm the environment's name, typed by the user; required (exactly) on a protected environment
 * @param skipBackup do not back up first; refused on a protected environment
 */
public record DeployOptions(boolean seed, boolean dryRun, String confirm, boolean skipBackup) {
    public static final DeployOptions DEFAULTS = new DeployOptions(false, false, null, false);

    public DeployOptions withSeed(boolean value) {
        return new DeployOptions(value, dryRun, confirm, skipBackup);
    }

    public DeployOptions withDryRun(boolean value) {
        return new DeployOptions(seed, value, confirm, skipBackup);
    }

    public DeployOptions withConfirm(String environment) {
        return new DeployOptions(seed, dryRun, environment, skipBackup);
    }

    public DeployOptions withSkipBackup(boolean value) {
        return new DeployOptions(seed, dryRun, confirm, value);
    }
}
