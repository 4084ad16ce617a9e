package dev.ferry.transfer;

import dev.ferry.transfer.plan.RejectBudget;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One entity's rejected rows, counted across all its slices (and earlier attempts of the run) and
 * judged against its budget as a whole: a count as a count, a share against the entity's row
 * count from the plan check, so a bad row in the first batch does not fail a share the whole
 * entity stays within.
 */
final class EntityRejects {
    private final RejectBudget budget;
    private final long rows;
    private final AtomicLong rejected;

    EntityRejects(RejectBudget budget, long rows, long alreadyRejected) {
        this.budget = budget;
        this.rows = rows;
        this.rejected = new AtomicLong(alreadyRejected);
    }

    /** Adds rows just rejected; returns the entity's total. */
    long add(long n) {
        return rejected.addAndGet(n);
    }

    boolean exceeded() {
        return budget.exceeded(rejected.get(), rows);
    }

    long rows() {
        return rows;
    }
}
