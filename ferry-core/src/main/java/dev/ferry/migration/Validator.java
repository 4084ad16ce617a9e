package dev.ferry.migration;

import java.util.ArrayList;
import java.util.List;

/** Compares files and history and lists every disagreement, with what to do about it. */
final class Validator {
    private Validator() {
    }

    static ValidateResult validate(MigrationSession session) {
        List<ValidationProblem> problems = new ArrayList<>();
        for (String error : session.scan.errors()) {
            problems.add(new ValidationProblem(error.contains("duplicate") ? "duplicate" : "file name", null, error));
        }
        boolean outOfOrderAllowed = session.settings.outOfOrder();
        List<MigrationInfo> states = session.states();
        for (MigrationInfo info : states) {
            if (!info.state().isProblem() || (info.state() == MigrationState.OUT_OF_ORDER && outOfOrderAllowed)) {
                continue;
            }
            String label = (info.version() == null ? "" : "version " + info.version() + " ") + "(" + info.script() + ")";
            String advice = switch (info.state()) {
                case DRIFTED -> "restore the file as it was applied, or accept the change with 'ferry repair'";
                case MISSING -> "restore the file, or, if it was removed on purpose, keep it out of history with 'ferry repair'";
                case FAILED -> info.row() != null && info.row().partiallyApplied()
                        ? "finish or undo the applied part by hand, then 'ferry repair'"
                        : "fix the file; migrate retries it ('ferry repair' clears the failed row)";
                case OUT_OF_ORDER -> "apply it with 'ferry migrate --out-of-order', or renumber it above the newest version";
                default -> "";
            };
            problems.add(new ValidationProblem(info.state().label(), label, info.detail() + (advice.isEmpty() ? "" : "; " + advice)));
        }
        return new ValidateResult(session.settings.name(), session.database.displayUrl(), states.size(), problems);
    }
}
