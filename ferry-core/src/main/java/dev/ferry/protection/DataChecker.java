package dev.ferry.protection;

import dev.ferry.FerryException;
import dev.ferry.db.TableRef;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every protected row once: marks the required keys it sees, validates the JSON columns,
 * then runs the SQL checks. A table that does not exist is a problem, not an error, so that
 * {@code doctor} can report it beside everything else.
 */
final class DataChecker {
    private static final int CHECK_SAMPLE = 20;
    private final ProtectionSession s;

    DataChecker(ProtectionSession s) {
        this.s = s;
    }

    CheckResult check(String environment) throws SQLException {
        List<CheckResult.TableSummary> summaries = new ArrayList<>();
        List<ProtectionProblem> problems = new ArrayList<>();
        for (ProtectedTable t : s.data.tables()) {
            int before = problems.size();
            long rows = checkTable(t, problems);
            summaries.add(new CheckResult.TableSummary(t.name(), rows, t.required().size(), problems.size() - before));
        }
        return new CheckResult(environment, s.database.displayUrl(), List.copyOf(summaries), List.copyOf(problems));
    }

    private long checkTable(ProtectedTable t, List<ProtectionProblem> problems) throws SQLException {
        if (!s.exists(t)) {
            problems.add(new ProtectionProblem(t.name(), ProtectionProblem.MISSING_TABLE, null, "protected table '" + t.name()
                    + "' does not exist in " + s.ref(t).schema() + " (declared at " + s.data.declaration().where("tables", t.name()) + ")"));
            return 0;
        }
        s.requireColumns(t);
        long[] rows = {0};
        ProtectedRows.scan(s.connection, s.dialect, s.ref(t), t, row -> {
            rows[0]++;
            List<String> wrong = RowValidator.problems(t, row.data());
            if (!wrong.isEmpty()) {
                problems.add(new ProtectionProblem(t.name(), ProtectionProblem.INVALID, row.keyText(), String.join("; ", wrong)));
            }
        });
        // The database compares the keys, with the column's own equality: a character(20) key is padded,
        // a case-insensitive collation matches 'ABC' to 'abc'; comparing the text in Java would differ from both.
        for (List<String> required : t.required()) {
            if (!ProtectedRows.exists(s.connection, s.dialect, s.ref(t), t, required)) {
                String key = ProtectedTable.keyText(required);
                problems.add(new ProtectionProblem(t.name(), ProtectionProblem.MISSING, key, "required row " + t.key() + " = '" + key
                        + "' is missing"));
            }
        }
        for (SqlCheck check : t.checks()) {
            runCheck(t, check, problems);
        }
        return rows[0];
    }

    private void runCheck(ProtectedTable t, SqlCheck check, List<ProtectionProblem> problems) {
        TableRef ref = s.ref(t);
        try (PreparedStatement ps = s.connection.prepareStatement(check.sql()); ResultSet rs = ps.executeQuery()) {
            int n = 0;
            while (rs.next()) {
                if (++n <= CHECK_SAMPLE) {
                    problems.add(new ProtectionProblem(t.name(), ProtectionProblem.CHECK, rs.getString(1), "check '" + check.name()
                            + "' returns this row"));
                }
            }
            if (n > CHECK_SAMPLE) {
                problems.add(new ProtectionProblem(t.name(), ProtectionProblem.CHECK, null, "check '" + check.name() + "' returns "
                        + (n - CHECK_SAMPLE) + " more row(s)"));
            }
        } catch (SQLException e) {
            throw FerryException.sql("Check '" + check.name() + "' on " + ref + " (" + s.data.declaration().where("tables", t.name(), "checks")
                    + ")", e);
        }
    }
}
