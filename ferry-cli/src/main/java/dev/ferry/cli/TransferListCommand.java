package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.TransferRun;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "list", description = "List the transfer runs recorded in the target.")
final class TransferListCommand extends TransferBase {
    @Override
    protected int run(Ferry ferry) {
        List<TransferRun> runs = transfers(ferry, TransferListener.NONE).list();
        if (json) {
            printJson(runs);
            return ExitCodes.OK;
        }
        if (runs.isEmpty()) {
            Console.out("No transfer runs yet.");
            return ExitCodes.OK;
        }
        Table t = new Table("Run", "Status", "Started", "Finished", "Source");
        for (TransferRun r : runs) {
            t.row(r.id(), r.status(), r.startedAt(), r.finishedAt(), r.source());
        }
        Console.out(t.render());
        return ExitCodes.OK;
    }
}
