package dev.ferry.transfer;

/**
 * A row a run could not write, as {@code ferry_rejects} keeps it: the entity, the source key, the
 * row as read (JSON) and the reason the target gave.
 */
public record RunReject(String entity, String legacyKey, String row, String error) {
}
