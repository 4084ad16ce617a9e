package dev.ferry.migration;

import dev.ferry.db.Transactions;
import dev.ferry.run.RunJournal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Brings history back in line with the files once a human has decided the files are right:
 * removes rows of failed attempts and re-records checksums (and down scripts) of applied files.
 * Missing migrations are marked rolled back, so history no longer expects their files.
 */
final class Repairer {
    private final MigrationSession session;

    Repairer(MigrationSession session) {
        this.session = session;
    }

    private record Change(HistoryRow row, Migration file, String kind) {
    }

    private List<Change> plan() {
        List<Change> changes = new ArrayList<>();
        for (HistoryRow row : session.history.rows()) {
            if (row.status() == HistoryStatus.FAILED) {
                changes.add(new Change(row, null, "remove failed"));
            }
        }
        for (MigrationInfo info : session.states()) {
            if (info.state() == MigrationState.DRIFTED) {
                changes.add(new Change(info.row(), info.migration(), "realign"));
            } else if (info.state() == MigrationState.MISSING) {
                changes.add(new Change(info.row(), null, "forget missing"));
            } else if (info.state() == MigrationState.APPLIED && info.migration() != null && info.migration().hasDown()
                    && !info.migration().downChecksum().equals(info.row().downChecksum())) {
                changes.add(new Change(info.row(), info.migration(), "record down script"));
            }
        }
        return changes;
    }

    RepairResult preview() {
        return result(null, plan(), false);
    }

    RepairResult repair(RunJournal journal) {
        List<Change> changes = plan();
        Transactions.run(session.connection, "Repairing " + session.history.displayName(), () -> {
            for (Change change : changes) {
                switch (change.kind) {
                    case "remove failed" -> session.history.delete(change.row.rank());
                    case "forget missing" -> session.history.markRolledBack(change.row.rank());
                    default -> session.history.updateChecksums(change.row.rank(), change.file.checksum(), change.file.down(),
                            change.file.downChecksum());
                }
                journal.event("history_repaired", Map.of("change", change.kind, "script", change.row.script(), "rank", change.row.rank()));
            }
        });
        return result(journal.runId(), changes, true);
    }

    private static RepairResult result(String runId, List<Change> changes, boolean applied) {
        List<String> removed = new ArrayList<>();
        List<String> realigned = new ArrayList<>();
        for (Change c : changes) {
            String label = (c.row.version() == null ? "" : "version " + c.row.version() + " ") + "(" + c.row.script() + ")";
            switch (c.kind) {
                case "remove failed" -> removed.add(label + ": failed attempt of " + c.row.installedAt());
                case "forget missing" -> realigned.add(label + ": file gone, marked rolled back");
                case "record down script" -> realigned.add(label + ": down script recorded");
                default -> realigned.add(label + ": checksum re-recorded from the file");
            }
        }
        return new RepairResult(runId, removed, realigned, applied);
    }
}
