package dev.ferry.transfer;

import java.time.Instant;

/**
 * One row a transfer run could not write, as {@code transfer rejects} lists it.
 *
 * @param legacyKey the row's key in the source
 * @param reason why it was refused (the latest reason, after a retry)
 * @param column the target column the reason names; {@code null} when it names none
 * @param sourceValues the source row as a JSON object, column by column (rejects recorded by an
 *        older Ferry hold the mapped row instead)
 */
public record RejectedRow(String run, String entity, String legacyKey, String reason, String column, String sourceValues,
                          Instant rejectedAt) {
}
