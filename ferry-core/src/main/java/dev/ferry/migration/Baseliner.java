package dev.ferry.migration;

import dev.ferry.FerryException;
import dev.ferry.run.RunJournal;
import java.sql.SQLException;
import java.util.Map;

/** Marks an existing database as being at a version, so only later migrations run. */
final class Baseliner {
    private Baseliner() {
    }

    static BaselineResult baseline(MigrationSession session, String version, String description, RunJournal journal) {
        Version v = Version.parse(version);
        if (!session.history.exists()) {
            session.history.create();
        }
        if (!session.history.rows().isEmpty()) {
            throw FerryException.invalidInput("Cannot baseline: " + session.history.displayName()
                    + " already has rows. A baseline only makes sense for a database Ferry has not migrated yet");
        }
        String text = description == null ? "baseline" : description;
        try {
            session.history.insert(new HistoryRow(1, v.toString(), text, MigrationType.BASELINE, "<< baseline >>", null,
                    session.installedBy, SchemaHistory.now(), 0, HistoryStatus.SUCCESS, null, null, 0, null));
        } catch (SQLException e) {
            throw FerryException.sql("Writing the baseline to " + session.history.displayName(), e);
        }
        journal.event("baseline_set", Map.of("version", v.toString()));
        return new BaselineResult(journal.runId(), session.settings.name(), v.toString(), text);
    }
}
