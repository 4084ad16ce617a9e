package dev.ferry.transfer;

/** A row that could not be transferred, kept in {@code ferry_rejects} with the reason. */
public record Reject(String legacyKey, String rowJson, String error) {
}
