package dev.ferry.migration;

import java.util.List;

/** The outcome of {@code validate}: valid when there are no problems. */
public record ValidateResult(String environment, String database, int migrationsChecked, List<ValidationProblem> problems) {
    public boolean valid() {
        return problems.isEmpty();
    }
}
