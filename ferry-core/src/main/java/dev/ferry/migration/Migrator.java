package dev.ferry.migration;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.run.RunJournal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Applies pending migrations in order, each with its history row in the same transaction where possible. */
final class Migrator {
    private final MigrationSession session;
    private final MigrationListener listener;

    Migrator(MigrationSession session, MigrationListener listener) {
        this.session = session;
        this.listener = listener;
    }

    /** The migrations {@code migrate} would run now, after checking that history allows it. */
    List<Migration> pending(MigrateOptions options) {
        session.requireCleanScan();
        List<MigrationInfo> states = session.states();
        boolean outOfOrder = options.outOfOrder() || session.settings.outOfOrder();
        List<String> blockers = new ArrayList<>();
        for (MigrationInfo info : states) {
            boolean blocking = switch (info.state()) {
                case DRIFTED, MISSING -> true;
                case FAILED -> info.row() != null && info.row().partiallyApplied() || info.migration() == null;
                case OUT_OF_ORDER -> !outOfOrder;
                default -> false;
            };
            if (blocking) {
                blockers.add(info.state().label() + ": " + (info.version() == null ? "" : "version " + info.version() + " ")
                        + "(" + info.script() + ") " + info.detail());
            }
        }
        if (!blockers.isEmpty()) {
            throw new FerryException(ErrorCode.VALIDATION_FAILED, "Not migrating: history and files disagree.\n  "
                    + String.join("\n  ", blockers)
                    + "\nRun 'ferry validate' for details; 'ferry repair' re-records checksums and removes failed rows once the files are right.");
        }
        Version target = options.target() == null ? null : Version.parse(options.target());
        List<Migration> pending = new ArrayList<>();
        for (MigrationInfo info : states) {
            Migration m = info.migration();
            if (!info.isPending(outOfOrder)) {
                continue;
            }
            if (target != null && m.version() != null && m.version().compareTo(target) > 0) {
                continue;
            }
            pending.add(m);
        }
        // Versioned first, in version order; repeatables after them, as Flyway users expect.
        pending.sort(MigrationScanner.ORDER);
        return pending;
    }

    MigrateResult migrate(MigrateOptions options, RunJournal journal) {
        List<HistoryRow> before = session.history.rows();
        String versionBefore = MigrationSession.currentVersion(before);
        List<Migration> pending = pending(options);
        if (options.dryRun()) {
            return new MigrateResult(null, session.settings.name(), session.database.displayUrl(), versionBefore, versionBefore,
                    pending.stream().map(m -> AppliedMigration.of(m, willBeTransactional(m), 0)).toList(), true,
                    dryRunSql(pending), session.scan.notes());
        }
        prepareAll(pending);
        if (!session.history.exists()) {
            session.history.create();
            listener.note("Created history table " + session.history.displayName());
        }
        List<AppliedMigration> applied = new ArrayList<>();
        try {
            if (!pending.isEmpty()) {
                runCallbacks(CallbackEvent.BEFORE_MIGRATE);
            }
            int rank = session.history.nextRank();
            for (Migration m : pending) {
                applied.add(apply(m, rank++, journal));
            }
            if (!pending.isEmpty()) {
                runCallbacks(CallbackEvent.AFTER_MIGRATE);
            }
        } catch (FerryException e) {
            runErrorCallbacks();
            throw e;
        }
        String versionAfter = MigrationSession.currentVersion(session.history.rows());
        return new MigrateResult(journal.runId(), session.settings.name(), session.database.displayUrl(), versionBefore,
                versionAfter, applied, false, null, session.scan.notes());
    }

    /**
     * Applies placeholders to every pending script and callback once before the first write, so an
     * unknown placeholder is invalid input that leaves the database as it was (no history table either).
     */
    private void prepareAll(List<Migration> pending) {
        pending.forEach(m -> session.prepare(m.source(), m.up(), m.upLine()));
        for (CallbackEvent event : CallbackEvent.values()) {
            session.callbacks(event);
        }
    }

    private boolean willBeTransactional(Migration m) {
        if (m.isJava()) {
            return true;
        }
        return session.transactional(m.noTransaction(), List.of(session.prepare(m.source(), m.up(), m.upLine())));
    }

    private AppliedMigration apply(Migration m, int rank, RunJournal journal) {
        List<ScriptExecution> scripts = new ArrayList<>(session.callbacks(CallbackEvent.BEFORE_EACH_MIGRATE));
        ScriptExecution main = session.prepare(m.source(), m.up(), m.upLine());
        scripts.add(main);
        scripts.addAll(session.callbacks(CallbackEvent.AFTER_EACH_MIGRATE));
        boolean transactional = m.isJava() || session.transactional(m.noTransaction(), List.of(main));
        if (!transactional && session.dialect.supportsTransactionalDdl()) {
            listener.note(m.script() + " runs outside a transaction" + (m.noTransaction() ? " (as its author asked)"
                    : " because it holds a statement PostgreSQL refuses inside one"));
        }
        listener.migrationStarted(m, transactional, "up");
        journal.event("migration_started", fields(m, transactional));
        long start = System.nanoTime();
        int statementCount = scripts.stream().mapToInt(s -> s.statements().size()).sum();
        StatementRunner.Finisher record = c -> {
            long ms = (System.nanoTime() - start) / 1_000_000;
            session.history.insert(row(m, rank, ms, HistoryStatus.SUCCESS, statementCount, null));
        };
        try {
            if (m.isJava()) {
                new StatementRunner(session.connection).runWithCode(session.callbacks(CallbackEvent.BEFORE_EACH_MIGRATE), m.script(),
                        c -> m.code().migrate(context(m, journal)), session.callbacks(CallbackEvent.AFTER_EACH_MIGRATE), record);
            } else {
                new StatementRunner(session.connection).run(scripts, transactional, record);
            }
        } catch (StatementFailure failure) {
            throw recordFailure(m, rank, start, transactional, failure, journal);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        listener.migrationFinished(m, ms, "up");
        Map<String, Object> done = fields(m, transactional);
        done.put("execution_ms", ms);
        journal.event("migration_applied", done);
        return AppliedMigration.of(m, transactional, ms);
    }

    private FerryException recordFailure(Migration m, int rank, long start, boolean transactional, StatementFailure failure,
                                         RunJournal journal) {
        long ms = (System.nanoTime() - start) / 1_000_000;
        String detail = failure.detail();
        try {
            session.history.insert(row(m, rank, ms, HistoryStatus.FAILED, failure.committed, detail));
        } catch (java.sql.SQLException e) {
            listener.note("Could not record the failure in " + session.history.displayName() + ": " + e.getMessage());
        }
        listener.migrationFailed(m, detail, "up");
        Map<String, Object> f = fields(m, transactional);
        f.put("error", detail);
        f.put("statements_committed", failure.committed);
        journal.event("migration_failed", f);
        StringBuilder msg = new StringBuilder("Migration ").append(m.label()).append(" failed at ").append(detail);
        if (m.isJava()) {
            msg.append("\nIts transaction was rolled back").append(session.dialect.supportsTransactionalDdl() ? ""
                    : " (DDL it ran stayed: " + session.dialect.name() + " commits DDL at once)")
                    .append(". Fix the class and run migrate again.");
        } else if (transactional) {
            msg.append("\nIts transaction was rolled back: the database is as it was before it. Fix the file and run migrate again.");
        } else if (failure.committed > 0) {
            msg.append("\n").append(failure.committed).append(" statement(s) before it stayed committed (")
                    .append(session.dialect.name()).append(session.dialect.supportsTransactionalDdl() ? " ran it outside a transaction"
                            : " commits DDL at once").append(").")
                    .append("\nTo recover: either undo those statements (its down script does that if it is written to cope),")
                    .append(" or make the file skip what already ran (IF NOT EXISTS); then run 'ferry repair' and migrate again.");
        } else {
            msg.append("\nNothing of it was applied. Fix the file and run migrate again.");
        }
        return new FerryException(ErrorCode.FAILURE, msg.toString(), failure.cause);
    }

    /** The context a Java migration runs with; its log lines go to the listener and the run's log. */
    JavaContext context(Migration m, RunJournal journal) {
        return new JavaContext(session.connection, session.placeholderValues(), line -> {
            listener.note(JavaMigrationNames.simpleName(m.script()) + ": " + line);
            if (journal != null) {
                journal.event("java_migration_log", Map.of("script", m.script(), "message", line));
            }
        });
    }

    private HistoryRow row(Migration m, int rank, long ms, HistoryStatus status, int committed, String error) {
        return new HistoryRow(rank, m.version() == null ? null : m.version().toString(), m.description(), m.type(), m.script(),
                m.checksum(), session.installedBy, SchemaHistory.now(), ms, status, m.down(), m.downChecksum(), committed, error);
    }

    private void runCallbacks(CallbackEvent event) {
        List<ScriptExecution> scripts = session.callbacks(event);
        if (scripts.isEmpty()) {
            return;
        }
        try {
            new StatementRunner(session.connection).run(scripts, session.dialect.supportsTransactionalDdl(), c -> { });
        } catch (StatementFailure failure) {
            throw new FerryException(ErrorCode.FAILURE, "Callback " + event.fileName() + " failed at " + failure.detail(), failure.cause);
        }
    }

    private void runErrorCallbacks() {
        try {
            runCallbacks(CallbackEvent.AFTER_MIGRATE_ERROR);
        } catch (FerryException e) {
            listener.note(e.getMessage());
        }
    }

    private String dryRunSql(List<Migration> pending) {
        StringBuilder sql = new StringBuilder();
        if (!session.history.exists()) {
            sql.append("-- Ferry creates its history table first\n");
            for (String s : session.history.createStatements()) {
                sql.append(s).append(";\n");
            }
            sql.append('\n');
        }
        int rank = session.history.nextRank();
        for (Migration m : pending) {
            if (m.isJava()) {
                sql.append("-- ").append(m.label()).append(": Java migration, not shown\n")
                        .append(session.history.renderInsert(row(m, rank++, 0, HistoryStatus.SUCCESS, 0, null))).append(";\n\n");
                continue;
            }
            List<ScriptExecution> scripts = new ArrayList<>(session.callbacks(CallbackEvent.BEFORE_EACH_MIGRATE));
            ScriptExecution main = session.prepare(m.source(), m.up(), m.upLine());
            scripts.add(main);
            scripts.addAll(session.callbacks(CallbackEvent.AFTER_EACH_MIGRATE));
            boolean tx = session.transactional(m.noTransaction(), List.of(main));
            int count = scripts.stream().mapToInt(s -> s.statements().size()).sum();
            sql.append("-- ").append(m.label()).append(tx ? "" : ", outside a transaction").append('\n');
            if (tx) {
                sql.append("BEGIN;\n");
            }
            for (ScriptExecution s : scripts) {
                s.statements().forEach(st -> sql.append(st.sql()).append(";\n"));
            }
            sql.append(session.history.renderInsert(row(m, rank++, 0, HistoryStatus.SUCCESS, count, null))).append(";\n");
            if (tx) {
                sql.append("COMMIT;\n");
            }
            sql.append('\n');
        }
        return sql.toString();
    }

    private static Map<String, Object> fields(Migration m, boolean transactional) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("version", m.version() == null ? null : m.version().toString());
        f.put("script", m.script());
        f.put("transactional", transactional);
        return f;
    }
}
