package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.rekey.RekeyStatus;
import picocli.CommandLine.Command;

@Command(name = "status", description = "The phase of each planned table, how far its backfill went, and the clients seen on v1 and v2.")
final class RekeyStatusCommand extends RekeyBase {
    @Override
    protected int run(Ferry ferry) {
        RekeyStatus s = rekeys(ferry).status();
        if (json) {
            printJson(s);
            return ExitCodes.OK;
        }
        Table t = new Table("Table", "Key", "Phase", "Backfill", "Rows backfilled", "Last run");
        for (RekeyStatus.TableStatus x : s.tables()) {
            t.row(x.table(), x.key(), x.phase(), x.percent() == null ? "" : x.percent() + "% (key " + (x.backfillDoneTo() == null ? "-"
                    : x.backfillDoneTo()) + " of " + x.backfillUpto() + ")", x.rowsBackfilled(), x.runId());
        }
        Console.out(t.render().stripTrailing());
        if (s.beforeExpand() != null) {
            Console.out("Taken before expand: " + s.beforeExpand());
        }
        Console.out("");
        Console.out(CompatText.clients(s.clients()));
        Console.out("");
        Console.out(locks(s.longestLocks()));
        return ExitCodes.OK;
    }
}
