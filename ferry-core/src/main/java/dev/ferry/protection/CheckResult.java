package dev.ferry.protection;

import java.util.List;

/** The outcome of {@code protect check}: every protected row checked; valid when there are no problems. */
public record CheckResult(String environment, String database, List<TableSummary> tables, List<ProtectionProblem> problems) {

    /** Rows read and problems found in one protected table. */
    public record TableSummary(String table, long rows, int requiredRows, int problems) {
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}
