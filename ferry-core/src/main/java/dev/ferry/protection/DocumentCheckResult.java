package dev.ferry.protection;

import java.util.List;

/**
 * A candidate document checked by {@code protect validate} against a protected table's JSON
 * Schemas, without writing anything.
 *
 * @param column the JSON column the document is for, or {@code null} when it held whole rows
 * @param documents how many documents (rows) were checked
 * @param problems one line per violation; empty when the candidate may be written
 */
public record DocumentCheckResult(String file, String table, String column, int documents, List<String> problems) {
    public boolean valid() {
        return problems.isEmpty();
    }
}
