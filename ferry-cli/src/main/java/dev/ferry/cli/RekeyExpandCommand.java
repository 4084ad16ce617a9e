package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.rekey.ExpandOptions;
import dev.ferry.rekey.ExpandResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "expand", description = "Phase 2, additive only: UUID columns, sync triggers, a throttled checkpointed backfill, unique "
        + "indexes built concurrently and UUID foreign keys. Resumes where a killed run stopped. Exit 3 when analyze finds a blocker, "
        + "4 when a lock could not be had within lock_timeout and its retries.")
final class RekeyExpandCommand extends RekeyBase {
    @Option(names = "--batch", paramLabel = "ROWS", description = "Rows per backfill batch (default: the plan's batch, else 5000).")
    Integer batch;

    @Option(names = "--rate", paramLabel = "ROWS_PER_SECOND", description = "Most rows per second the backfill writes; 0 for no limit.")
    Integer rate;

    @Option(names = "--dry-run", description = "Print the exact statements, in order; change nothing.")
    boolean dryRun;

    @Override
    protected int run(Ferry ferry) {
        ExpandResult r = rekeys(ferry).expand(new ExpandOptions(batch, rate, dryRun));
        if (json) {
            printJson(r);
            return ExitCodes.OK;
        }
        if (r.dryRun()) {
            printDryRun(r.statements());
            return ExitCodes.OK;
        }
        Table t = new Table("Table", "Rows backfilled", "Batches");
        r.tables().forEach(x -> t.row(x.table(), x.rowsBackfilled(), x.batches()));
        String before = r.beforeExpand() == null ? "No snapshot or backup is recorded as taken before it (before_expand in the plan).\n"
                : "Taken before the first change: " + r.beforeExpand() + "\n";
        printResult(t.render() + before + "\n" + locks(r.longestLocks()), "Expanded " + r.tables().size() + " table(s) (run " + r.runId() + ", " + r.lockRetries()
                + " lock retr" + (r.lockRetries() == 1 ? "y" : "ies") + "); old and new clients now write both key forms.");
        return ExitCodes.OK;
    }
}
