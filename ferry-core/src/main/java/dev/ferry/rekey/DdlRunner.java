package dev.ferry.rekey;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.Dialect;
import dev.ferry.db.RekeySql;
import dev.ferry.db.TableRef;
import dev.ferry.run.RunJournal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the statements of a phase one at a time, each in its own transaction with a bounded lock
 * wait, retrying those that timed out waiting for a lock: a busy application delays a step but is
 * never queued behind it for long. In a dry run it only collects the statements.
 */
final class DdlRunner {
    private final Connection c;
    private final Dialect dialect;
    private final Duration lockTimeout;
    private final int retries;
    private final RunJournal journal;
    private final List<String> collected = new ArrayList<>();
    private final LockLog locks;
    private int lockRetries;

    DdlRunner(Connection c, Dialect dialect, Duration lockTimeout, int retries, RunJournal journal) {
        this.c = c;
        this.dialect = dialect;
        this.lockTimeout = lockTimeout;
        this.retries = retries;
        this.journal = journal;
        this.locks = journal == null ? null : new LockLog(c, dialect, LockLog.phaseOf(journal), lockTimeout, journal);
    }

    /** The longest lock of each kind this runner's statements (and the backfill batches it was told of) held; empty in a dry run. */
    List<LockHeld> longestLocks() {
        return locks == null ? List.of() : locks.longest();
    }

    /** Records a unit of work run outside this runner that held locks for {@code millis}, such as one backfill batch. */
    void held(String what, long millis, boolean blocking) throws SQLException {
        if (locks != null) {
            locks.held(what, millis, blocking);
        }
    }

    boolean dryRun() {
        return journal == null;
    }

    /** Every statement run (or, in a dry run, that would run), in order. */
    List<String> statements() {
        return collected;
    }

    int lockRetries() {
        return lockRetries;
    }

    void note(String sqlComment) {
        collected.add(sqlComment);
    }

    void run(String sql) throws SQLException {
        run(sql, () -> { });
    }

    /**
     * Builds a unique index without blocking writes. A build that was interrupted (a lock wait that
     * timed out, a killed run) leaves the index invalid, and {@code IF NOT EXISTS} would then take it
     * as built: so before every attempt an invalid one is dropped and built again.
     */
    void uniqueIndex(TableRef table, String index, String column) throws SQLException {
        RekeySql sql = dialect.rekey();
        if (dryRun() && sql.indexInvalid(c, table, index)) {
            collected.add(sql.dropIndexConcurrently(table, index));
        }
        run(sql.uniqueIndexConcurrently(table, index, column), () -> {
            if (sql.indexInvalid(c, table, index)) {
                String drop = sql.dropIndexConcurrently(table, index);
                journal.event("invalid_index_dropped", Map.of("index", index, "statement", drop));
                try (Statement st = c.createStatement()) {
                    st.execute(drop);
                }
            }
        });
    }

    /** Runs {@code sql}; {@code beforeEachAttempt} runs first on every attempt, under the same lock wait. */
    private void run(String sql, Then beforeEachAttempt) throws SQLException {
        collected.add(sql);
        if (dryRun()) {
            return;
        }
        for (int attempt = 0; ; attempt++) {
            long started;
            try (Statement st = c.createStatement()) {
                st.execute(dialect.rekey().sessionLockTimeout(lockTimeout));
                beforeEachAttempt.run();
                started = System.nanoTime();
                st.execute(sql);
            } catch (SQLException e) {
                if (!dialect.rekey().isLockTimeout(e)) {
                    throw e;
                }
                if (attempt >= retries) {
                    throw new FerryException(ErrorCode.LOCK_NOT_ACQUIRED, "Waited " + (attempt + 1) + " times for " + lockTimeout.toMillis()
                            + " ms for a lock to run: " + firstLine(sql) + ". Long transactions of the application hold it; "
                            + "run the command again when they are done (it resumes), or raise lock_timeout in the plan");
                }
                lockRetries++;
                journal.event("lock_retry", Map.of("statement", firstLine(sql), "attempt", attempt + 1));
                sleep(Duration.ofMillis(200L * (attempt + 1)));
                continue;
            } finally {
                try (Statement st = c.createStatement()) {
                    st.execute(dialect.rekey().resetLockTimeout());
                }
            }
            held(sql, (System.nanoTime() - started) / 1_000_000, dialect.rekey().blocksWriters(sql));
            return;
        }
    }

    /** Work done in the same transaction as a group of statements, such as recording a phase. */
    @FunctionalInterface
    interface Then {
        void run() throws SQLException;
    }

    /**
     * Runs the statements and {@code then} in one transaction, all or nothing; a lock wait that
     * times out rolls it back and tries again, up to the retries.
     */
    void runTogether(List<String> statements, Then then) throws SQLException {
        collected.addAll(statements);
        if (dryRun()) {
            return;
        }
        boolean autoCommit = c.getAutoCommit();
        try {
            for (int attempt = 0; ; attempt++) {
                c.setAutoCommit(false);
                long started;
                try (Statement st = c.createStatement()) {
                    st.execute(dialect.rekey().localLockTimeout(lockTimeout));
                    started = System.nanoTime();
                    for (String s : statements) {
                        st.execute(s);
                    }
                    then.run();
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    if (!dialect.rekey().isLockTimeout(e)) {
                        throw e;
                    }
                    if (attempt >= retries) {
                        throw new FerryException(ErrorCode.LOCK_NOT_ACQUIRED, "Waited " + (attempt + 1) + " times for " + lockTimeout.toMillis()
                                + " ms for the locks of one transaction (" + statements.size() + " statements); nothing of it was applied. "
                                + "Run the command again when the application's long transactions are done, or raise lock_timeout in the plan");
                    }
                    lockRetries++;
                    journal.event("lock_retry", Map.of("statement", "transaction of " + statements.size() + " statements", "attempt", attempt + 1));
                    sleep(Duration.ofMillis(200L * (attempt + 1)));
                    continue;
                }
                held("transaction of " + statements.size() + " statements, the first: " + firstLine(statements.get(0)),
                        (System.nanoTime() - started) / 1_000_000, true);
                return;
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    static String firstLine(String sql) {
        int nl = sql.indexOf('\n');
        return nl < 0 ? sql : sql.substring(0, nl) + " ...";
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw FerryException.failure("Interrupted while waiting to retry", e);
        }
    }
}
