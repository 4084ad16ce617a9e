package dev.ferry.transfer;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Every source row of an entity is accounted for when the entity finishes: the rows its plan
 * selects were all read, and every row read was written or rejected (rows its {@code where} leaves
 * out are filtered). A transfer that balances can say "done"; one that does not fails, naming the
 * entity and the numbers, instead of reporting success over rows it lost.
 */
final class RowAccounting {
    private final Map<String, Long> selected;
    private final Map<String, Long> filtered;

    /**
     * @param selected each entity's source rows its plan selects, counted by the plan check
     * @param filtered each entity's source rows its {@code where} leaves out
     */
    RowAccounting(Map<String, Long> selected, Map<String, Long> filtered) {
        this.selected = selected;
        this.filtered = filtered;
    }

    long sourceRows(String entity) {
        return selected.getOrDefault(entity, 0L);
    }

    /** Fails the run when the entity's committed numbers, over all attempts of the run, do not balance. */
    void check(RunContext ctx, String entity) {
        long read = 0;
        long written = 0;
        long rejected = 0;
        try (Connection c = ctx.target.connect("ferry transfer (accounting)")) {
            for (Checkpoint cp : ctx.store.checkpoints(c, ctx.runId)) {
                if (cp.entity().equals(entity)) {
                    read += cp.rowsRead();
                    written += cp.rowsWritten();
                    rejected += cp.rowsRejected();
                }
            }
        } catch (SQLException e) {
            throw FerryException.sql("Reading the checkpoints of " + entity, e);
        }
        long source = sourceRows(entity);
        long skipped = filtered.getOrDefault(entity, 0L);
        if (read == source && read == written + rejected) {
            return;
        }
        throw new FerryException(ErrorCode.FAILURE, "Entity " + entity + " does not balance: the source has " + (source + skipped)
                + " rows for it, " + skipped + " filtered out by its where, and the run read " + read + ", wrote " + written
                + " and rejected " + rejected + ", so " + Math.abs(source - written - rejected) + " rows are unaccounted for. "
                + "Did the source change during the run, or does its key column hold NULLs or values the database sorts as equal? "
                + "Check with 'ferry verify'; run " + ctx.runId + " is marked failed");
    }
}
