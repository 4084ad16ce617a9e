package dev.ferry.retention;

import java.time.Instant;

/**
 * One thing a kind holds, as retention sees it.
 *
 * @param count how many things it stands for (audit rows); 1 for a backup, snapshot or run
 * @param pinned why it stays whatever the rule says (the newest valid backup, what a resumable run
 *     needs), or {@code null}
 */
record Candidate<T>(T item, String name, Instant at, long count, String pinned) {
    static <T> Candidate<T> of(T item, String name, Instant at, String pinned) {
        return new Candidate<>(item, name, at, 1, pinned);
    }
}
