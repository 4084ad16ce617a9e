package dev.ferry.transfer;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What both ways of rolling back a transfer share: finding the run, and one rollback per target
 * schema at a time (row by row or from the backup), held by a session lock that dies with a
 * killed process.
 */
final class RollbackLock {
    /** Work done while holding the lock. */
    interface Work<T> {
        T run() throws SQLException;
    }

    private RollbackLock() {
    }

    static TransferRun findRun(Connection c, TransferStore store, Database target, String runId) throws SQLException {
        List<TransferRun> runs = store.exists(c) ? store.runs(c, runId) : List.of();
        if (runs.isEmpty()) {
            throw FerryException.invalidInput("There is no transfer run '" + runId + "' in " + target.displayUrl()
                    + "; 'ferry transfer list' shows the runs");
        }
        return runs.get(0);
    }

    static <T> T holding(Database target, String runId, String schema, Work<T> work) throws SQLException {
        Dialect dialect = target.dialect();
        try (Connection lock = target.connect("ferry transfer rollback " + runId + " (lock)")) {
            String lockName = "ferry_transfer_rollback_" + schema;
            if (!dialect.locks().tryLock(lock, lockName)) {
                String holder = dialect.locks().describeLockHolder(lock, lockName);
                throw new FerryException(ErrorCode.LOCK_NOT_ACQUIRED, "Another transfer rollback or retry is running on " + target.displayUrl()
                        + (holder.isEmpty() ? "" : " (" + holder + ")") + "; wait for it to finish, then run this one again");
            }
            try {
                return work.run();
            } finally {
                dialect.locks().unlock(lock, lockName);
            }
        }
    }
}
