package dev.ferry.protection;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One row of {@code ferry_audit}: a change to a protected row with its values before and after. */
public record AuditEntry(long id, String table, String operation, String key, JsonNode oldRow, JsonNode newRow, Instant changedAt,
                         String changedBy, String transactionId) {
}
