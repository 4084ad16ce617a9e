package dev.ferry.cli;

import dev.ferry.migration.AppliedMigration;
import dev.ferry.migration.HistoryRow;
import dev.ferry.migration.MigrateResult;
import dev.ferry.migration.MigrationInfo;
import dev.ferry.migration.MigrationState;
import dev.ferry.migration.RollbackResult;
import dev.ferry.migration.StatusResult;
import dev.ferry.migration.ValidateResult;
import dev.ferry.migration.ValidationProblem;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Human-readable renderings of result objects, shared by the commands and the demo. */
final class Render {
    /** The one way the CLI shows a moment: UTC, to the second, saying so, as the logs and reports keep time in UTC. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Render() {
    }

    static String status(StatusResult s) {
        Table t = new Table("Version", "Description", "Type", "State", "Installed at", "Details");
        for (MigrationInfo m : s.migrations()) {
            t.row(m.version() == null ? "" : m.version(), m.description(), m.isJava() ? "java" : m.type().name().toLowerCase(Locale.ROOT),
                    m.state().label(), m.installedAt() == null ? "" : time(m.installedAt()), abbreviate(m.detail(), 70));
        }
        String counts = Arrays.stream(MigrationState.values()).filter(st -> s.count(st) > 0)
                .map(st -> s.count(st) + " " + st.label()).collect(Collectors.joining(", "));
        StringBuilder sb = new StringBuilder();
        sb.append("Environment ").append(s.environment()).append(" (").append(s.database()).append("), schema version ")
                .append(s.schemaVersion() == null ? "<none>" : s.schemaVersion()).append('\n');
        sb.append(s.migrations().isEmpty() ? "No migrations found." : t.render()).append('\n');
        if (!counts.isEmpty()) {
            sb.append(counts).append('\n');
        }
        s.notes().forEach(n -> sb.append("note: ").append(n).append('\n'));
        s.errors().forEach(e -> sb.append("error: ").append(e).append('\n'));
        return sb.toString().stripTrailing();
    }

    /** Where the schema stands, in one line: the result {@code status -q} prints. */
    static String statusLine(StatusResult s) {
        String counts = Arrays.stream(MigrationState.values()).filter(st -> s.count(st) > 0)
                .map(st -> s.count(st) + " " + st.label()).collect(Collectors.joining(", "));
        return s.environment() + ": schema version " + (s.schemaVersion() == null ? "<none>" : s.schemaVersion())
                + (counts.isEmpty() ? ", no migrations" : "; " + counts) + (s.errors().isEmpty() ? "" : "; " + s.errors().size() + " error(s)");
    }

    static String history(List<HistoryRow> rows) {
        if (rows.isEmpty()) {
            return "History is empty: nothing has been migrated here yet.";
        }
        Table t = new Table("Rank", "Version", "Description", "Type", "Status", "Installed by", "Installed at", "ms");
        for (HistoryRow r : rows) {
            t.row(r.rank(), r.version(), r.description(), r.type().name().toLowerCase(Locale.ROOT),
                    r.status().dbValue().replace('_', ' '), r.installedBy(), r.installedAt() == null ? "" : time(r.installedAt()),
                    r.executionMs());
        }
        return t.render();
    }

    static String migrate(MigrateResult r) {
        if (r.dryRun()) {
            return r.applied().isEmpty() ? "-- Dry run: nothing to migrate; schema is up to date."
                    : "-- Dry run: " + r.applied().size() + " migration(s) would run. Nothing was changed.\n" + r.dryRunSql().stripTrailing();
        }
        if (r.applied().isEmpty()) {
            return "Schema of " + r.environment() + " is up to date at version " + orNone(r.schemaVersionAfter()) + ". Nothing to migrate.";
        }
        long ms = r.applied().stream().mapToLong(AppliedMigration::executionMs).sum();
        return "Migrated " + r.environment() + " from version " + orNone(r.schemaVersionBefore()) + " to " + orNone(r.schemaVersionAfter())
                + ": " + r.applied().size() + " migration(s) in " + ms + " ms (run " + r.runId() + ").";
    }

    static String rollback(RollbackResult r) {
        if (r.dryRun()) {
            return r.rolledBack().isEmpty() ? "-- Dry run: nothing to roll back."
                    : "-- Dry run: " + r.rolledBack().size() + " migration(s) would be rolled back. Nothing was changed.\n"
                    + r.dryRunSql().stripTrailing();
        }
        if (r.rolledBack().isEmpty()) {
            return "Nothing to roll back in " + r.environment() + ".";
        }
        return (r.backupArchive() == null ? "" : "Backed up " + r.environment() + " first: " + r.backupArchive() + "\n")
                + "Rolled back " + r.environment() + " from version " + orNone(r.schemaVersionBefore()) + " to "
                + orNone(r.schemaVersionAfter()) + ": " + r.rolledBack().size() + " migration(s) (run " + r.runId() + ").";
    }

    static String validate(ValidateResult v) {
        if (v.valid()) {
            return "Validated " + v.migrationsChecked() + " migration(s) in " + v.environment() + ": files and history agree.";
        }
        Table t = new Table("Problem", "Migration", "Details");
        for (ValidationProblem p : v.problems()) {
            t.row(p.kind(), p.migration() == null ? "" : p.migration(), p.message());
        }
        return "Validation of " + v.environment() + " failed: " + v.problems().size() + " problem(s).\n" + t.render();
    }

    static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    private static String orNone(String v) {
        return v == null ? "<none>" : v;
    }

    private static String abbreviate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
