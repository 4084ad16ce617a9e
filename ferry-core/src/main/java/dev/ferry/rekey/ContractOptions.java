package dev.ferry.rekey;

import java.time.Duration;

/**
 * How {@code rekey contract} runs: how long v1 must have been unused, whether a protected
 * environment's owner confirmed, and whether it only prints the statements.
 */
public record ContractOptions(Duration quietFor, boolean confirmed, boolean dryRun) {
    public static final ContractOptions DEFAULTS = new ContractOptions(Duration.ofHours(24), false, false);

    public ContractOptions withQuietFor(Duration value) {
        return new ContractOptions(value, confirmed, dryRun);
    }

    public ContractOptions withConfirmed(boolean value) {
        return new ContractOptions(quietFor, value, dryRun);
    }

    public ContractOptions withDryRun(boolean value) {
        return new ContractOptions(quietFor, confirmed, value);
    }
}
