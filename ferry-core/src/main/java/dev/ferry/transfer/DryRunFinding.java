package dev.ferry.transfer;

/** A problem a dry run found with a sample row: a value the target refused, with the reason. */
public record DryRunFinding(String entity, String legacyKey, String problem) {
}
