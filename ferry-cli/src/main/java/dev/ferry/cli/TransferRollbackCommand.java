package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.TransferRollbackOptions;
import dev.ferry.transfer.TransferRollbackResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rollback", description = "Remove exactly the rows a transfer run wrote into the target (children first, in batches, "
        + "resumable) and mark the run rolled back.")
final class TransferRollbackCommand extends TransferBase {
    @Parameters(paramLabel = "RUN", description = "The transfer run ('ferry transfer list' shows them).")
    String runId;

    @Option(names = "--preserve-data", description = "First move the removed rows into snapshot copies (see 'ferry snapshot list').")
    boolean preserveData;

    @Option(names = "--dry-run", description = "Only list, per entity, how many rows would be removed.")
    boolean dryRun;

    @Option(names = "--confirm", description = "Confirm on a protected target.")
    boolean confirm;

    @Option(names = "--keep-updates", description = "Leave the in-place changes of 'mode: update' entities instead of refusing.")
    boolean keepUpdates;

    @Option(names = "--batch-size", paramLabel = "N", description = "Rows removed per transaction (default: 1000).")
    Integer batchSize;

    @Override
    protected int run(Ferry ferry) {
        TransferRollbackResult r = transfers(ferry, TransferListener.NONE).rollback(runId,
                new TransferRollbackOptions(batchSize, preserveData, dryRun, confirm, keepUpdates));
        if (json) {
            printJson(r);
            return ExitCodes.OK;
        }
        Table t = new Table("Entity", "Table", "Mode", "Written", dryRun ? "Would remove" : "Recorded", "Removed", "Missing", "Preserved in",
                "Refused");
        for (TransferRollbackResult.EntityRollback e : r.entities()) {
            t.row(e.entity(), e.table(), e.mode(), e.rowsWritten(), e.rowsRecorded(), e.rowsRemoved(), e.rowsMissing(), e.preservedIn(),
                    e.refused() == null ? "" : "yes");
        }
        Console.out(r.dryRun() ? "Dry run: rollback of transfer run " + r.transferRun() + " (" + r.status() + ")"
                : "Transfer run " + r.transferRun() + " is " + r.status().replace('_', ' ') + ": removed " + r.rowsRemoved() + " row(s)"
                + (r.runId() == null ? "" : " (run " + r.runId() + ")")
                + (r.snapshotId() == null ? "" : "; removed rows kept in snapshot " + r.snapshotId()));
        Console.out(t.render());
        r.entities().stream().filter(e -> e.refused() != null).forEach(e -> Console.out("refused " + e.entity() + ": " + e.refused()));
        r.notes().forEach(n -> Console.out("note: " + n));
        return ExitCodes.OK;
    }
}
