package dev.ferry.transfer;

/**
 * A row that could not be transferred, kept in {@code ferry_rejects} with the reason.
 *
 * @param rowJson the row as far as it was mapped (the source row when mapping failed)
 * @param column the target column the reason names, or {@code null}
 * @param sourceJson the source row, column by column, so that the row can be found and fixed there
 */
public record Reject(String legacyKey, String rowJson, String error, String column, String sourceJson) {
}
