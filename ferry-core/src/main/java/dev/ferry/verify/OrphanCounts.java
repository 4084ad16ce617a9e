package dev.ferry.verify;

import dev.ferry.db.TableRef;
import java.sql.SQLException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The orphan counts of one verification, shared by the plan's reference checks and the
 * integrity check of the target's foreign keys. A plan reference the target also declares as a
 * foreign key would otherwise be counted twice, each time an anti-join over the whole child
 * table (the orders' one is the largest query of a verify after the content hashes). The count
 * is the same either way: a set reference whose parent row is not there.
 *
 * <p>Whichever check comes first counts; the other waits for its count. A count that failed is
 * counted again by the check that asked next, so a failure stays with the check it happened in.
 */
final class OrphanCounts {
    private final ConcurrentMap<String, CompletableFuture<Long>> counts = new ConcurrentHashMap<>();

    /** Counts orphans of one query. */
    @FunctionalInterface
    interface Count {
        long run() throws SQLException;
    }

    /**
     * The key of a reference of one column from {@code child.column} to {@code parent.key}, compared
     * as the columns are (the foreign key's own equality).
     */
    static String key(TableRef child, String column, TableRef parent, String key) {
        return child + "." + column + " -> " + parent + "." + key;
    }

    /** The orphans of the reference {@code key}: counted by {@code count}, or by whoever counted it first. */
    long count(String key, Count count) throws SQLException {
        CompletableFuture<Long> mine = new CompletableFuture<>();
        CompletableFuture<Long> first = counts.putIfAbsent(key, mine);
        if (first != null) {
            try {
                return first.join();
            } catch (CompletionException | CancellationException e) {
                return count.run(); // the first count failed: this check counts for itself
            }
        }
        try {
            long n = count.run();
            mine.complete(n);
            return n;
        } catch (Throwable e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }
}
