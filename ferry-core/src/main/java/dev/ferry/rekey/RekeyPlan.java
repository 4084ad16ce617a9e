package dev.ferry.rekey;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A checked rekey plan: the tables whose integer keys become UUIDs in one database, the references
 * the catalog does not declare, and how the backfill paces itself.
 *
 * @param batch rows per backfill batch
 * @param rate most rows per second the backfill writes; 0 for no limit
 * @param lockTimeout the longest any statement waits for a lock before it gives up and retries
 * @param retries how often a batch or step that timed out on a lock is tried again
 * @param beforeExpand what expand takes before it changes anything
 */
public record RekeyPlan(Path file, List<RekeyTable> tables, List<RekeyReference> references, int batch, int rate,
                        Duration lockTimeout, int retries, BeforeExpand beforeExpand) {

    public Optional<RekeyTable> table(String name) {
        return tables.stream().filter(t -> t.table().equals(name)).findFirst();
    }

    /** The same plan paced differently, as the command line asks. */
    public RekeyPlan paced(Integer batchRows, Integer rowsPerSecond) {
        return new RekeyPlan(file, tables, references, batchRows == null ? batch : batchRows, rowsPerSecond == null ? rate : rowsPerSecond,
                lockTimeout, retries, beforeExpand);
    }
}
