package dev.ferry.migration;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.run.RunJournal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs down scripts, newest first. The down script comes from the file when it is still there and
 * otherwise from the copy kept in history, so a rollback works after the file is gone.
 */
final class Rollbacker {
    private final MigrationSession session;
    private final MigrationListener listener;

    Rollbacker(MigrationSession session, MigrationListener listener) {
        this.session = session;
        this.listener = listener;
    }

    private record Step(HistoryRow row, Migration down, String source) {
    }

    RollbackResult rollback(RollbackOptions options, RunJournal journal) {
        List<HistoryRow> rows = session.history.rows();
        String before = MigrationSession.currentVersion(rows);
        List<Step> steps = plan(options, rows);
        if (options.dryRun()) {
            return new RollbackResult(null, session.settings.name(), session.database.displayUrl(), before,
                    versionAfter(rows, steps), steps.stream().map(s -> AppliedMigration.of(s.down, willBeTransactional(s), 0)).toList(),
                    true, dryRunSql(steps), null);
        }
        List<AppliedMigration> done = new ArrayList<>();
        for (Step step : steps) {
            done.add(undo(step, journal));
        }
        return new RollbackResult(journal.runId(), session.settings.name(), session.database.displayUrl(), before,
                MigrationSession.currentVersion(session.history.rows()), done, false, null, null);
    }

    private List<Step> plan(RollbackOptions options, List<HistoryRow> rows) {
        Map<Version, HistoryRow> latest = new LinkedHashMap<>();
        for (HistoryRow row : rows) {
            if (row.type() == MigrationType.VERSIONED) {
                latest.put(row.parsedVersion(), row);
            }
        }
        List<HistoryRow> applied = latest.values().stream().filter(r -> r.status() == HistoryStatus.SUCCESS)
                .sorted(Comparator.comparing(HistoryRow::parsedVersion).reversed()).toList();
        List<HistoryRow> chosen;
        if (options.toVersion() != null) {
            Version to = Version.parse(options.toVersion());
            chosen = applied.stream().filter(r -> r.parsedVersion().compareTo(to) > 0).toList();
        } else {
            int n = options.steps() == null ? 1 : options.steps();
            if (n < 1) {
                throw FerryException.invalidInput("--steps must be 1 or more");
            }
            chosen = applied.subList(0, Math.min(n, applied.size()));
        }
        Map<Version, Migration> onDisk = new LinkedHashMap<>();
        session.scan.migrations().stream().filter(m -> m.version() != null).forEach(m -> onDisk.put(m.version(), m));
        List<Step> steps = new ArrayList<>();
        for (HistoryRow row : chosen) {
            Migration file = onDisk.get(row.parsedVersion());
            if (file != null && file.isJava()) {
                if (!file.canRollBack()) {
                    throw new FerryException(ErrorCode.INVALID_INPUT, "Cannot roll back version " + row.version() + " (" + file.script()
                            + "): the class does not implement rollback(Context). Implement it and retry. Nothing was rolled back.");
                }
                steps.add(new Step(row, file, "class " + file.script()));
            } else if (file != null && file.hasDown()) {
                steps.add(new Step(row, downOf(file.version(), file.description(), file.downScript(), file.downSource(),
                        file.down(), file.downLine()), file.downSource().toString()));
            } else if (row.downScript() != null) {
                steps.add(new Step(row, downOf(row.parsedVersion(), row.description(), row.script() + " (down copy in history)",
                        Path.of(row.script() + " [down, from history]"), row.downScript(), 1), "history"));
            } else {
                throw new FerryException(ErrorCode.INVALID_INPUT, "Cannot roll back version " + row.version() + " (" + row.script()
                        + "): it has no down script, neither on disk nor in history. Write one (e.g. U" + row.version()
                        + "__" + row.description().replace(' ', '_') + ".sql), run 'ferry repair' to record it, and retry. Nothing was rolled back.");
            }
        }
        steps.forEach(this::requireStatements);
        return steps;
    }

    /**
     * A down script of only comments (as 'ferry new' writes it) would "succeed" and mark the
     * version rolled back while its tables stay, so it is refused like a missing one, before any step runs.
     */
    private void requireStatements(Step step) {
        if (!step.down.isJava() && session.prepare(step.down.source(), step.down.up(), step.down.upLine()).statements().isEmpty()) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "Cannot roll back version " + step.row.version() + ": its down script "
                    + step.down.source() + " has no SQL statement, only comments or blank lines. Write the statements that undo "
                    + step.row.script() + " there and retry. Nothing was rolled back.");
        }
    }

    private static Migration downOf(Version v, String description, String script, Path source, String sql, int line) {
        return new Migration(v, description, MigrationType.VERSIONED, script, source, sql, line, null, null, null, 0,
                ScriptFiles.hasNoTransactionMarker(sql));
    }

    private boolean willBeTransactional(Step s) {
        return s.down.isJava() || session.transactional(s.down.noTransaction(), List.of(session.prepare(s.down.source(), s.down.up(), s.down.upLine())));
    }

    private AppliedMigration undo(Step step, RunJournal journal) {
        Migration down = step.down;
        ScriptExecution script = session.prepare(down.source(), down.up(), down.upLine());
        boolean transactional = willBeTransactional(step);
        listener.migrationStarted(down, transactional, "down");
        long start = System.nanoTime();
        try {
            StatementRunner runner = new StatementRunner(session.connection);
            if (down.isJava()) {
                runner.runWithCode(List.of(), down.script(), c -> down.code().rollback(new Migrator(session, listener).context(down, journal)),
                        List.of(), c -> session.history.markRolledBack(step.row.rank()));
            } else {
                runner.run(List.of(script), transactional, c -> session.history.markRolledBack(step.row.rank()));
            }
        } catch (StatementFailure failure) {
            listener.migrationFailed(down, failure.detail(), "down");
            journal.event("rollback_failed", Map.of("version", step.row.version(), "error", failure.detail()));
            String state = transactional ? "Its transaction was rolled back; version " + step.row.version() + " is still applied."
                    : failure.committed + " statement(s) of the down script stayed committed; version " + step.row.version()
                    + " is still recorded as applied. Finish the undo by hand, or fix the down script and run rollback again.";
            throw new FerryException(ErrorCode.FAILURE, "Rolling back version " + step.row.version() + " failed at "
                    + failure.detail() + "\n" + state, failure.cause);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        listener.migrationFinished(down, ms, "down");
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("version", step.row.version());
        f.put("script", down.script());
        f.put("from", step.source);
        f.put("execution_ms", ms);
        journal.event("migration_rolled_back", f);
        return AppliedMigration.of(down, transactional, ms);
    }

    private static String versionAfter(List<HistoryRow> rows, List<Step> steps) {
        List<HistoryRow> remaining = new ArrayList<>(rows);
        steps.forEach(s -> remaining.remove(s.row));
        return MigrationSession.currentVersion(remaining);
    }

    private String dryRunSql(List<Step> steps) {
        StringBuilder sql = new StringBuilder();
        for (Step step : steps) {
            if (step.down.isJava()) {
                sql.append("-- undo version ").append(step.row.version()).append(" using ").append(step.down.script())
                        .append(".rollback: Java migration, not shown\n")
                        .append(session.history.renderMarkRolledBack(step.row.rank())).append(";\n\n");
                continue;
            }
            ScriptExecution script = session.prepare(step.down.source(), step.down.up(), step.down.upLine());
            boolean tx = session.transactional(step.down.noTransaction(), List.of(script));
            sql.append("-- undo version ").append(step.row.version()).append(" using ").append(step.down.script())
                    .append(tx ? "" : ", outside a transaction").append('\n');
            if (tx) {
                sql.append("BEGIN;\n");
            }
            script.statements().forEach(st -> sql.append(st.sql()).append(";\n"));
            sql.append(session.history.renderMarkRolledBack(step.row.rank())).append(";\n");
            if (tx) {
                sql.append("COMMIT;\n");
            }
            sql.append('\n');
        }
        return sql.toString();
    }
}
