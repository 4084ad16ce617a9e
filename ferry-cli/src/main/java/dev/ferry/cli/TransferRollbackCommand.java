package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.TransferRollbackOptions;
import dev.ferry.transfer.TransferRollbackResult;
import dev.ferry.transfer.Transfers;
import java.util.List;
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

    @Option(names = "--confirm", description = "Confirm on a protected target, and for --from-backup.")
    boolean confirm;

    @Option(names = "--from-backup", description = "Restore the run's target tables from the backup taken before it started "
            + "(replaces their whole content), then mark the run rolled back.")
    boolean fromBackup;

    @Option(names = "--keep-updates", description = "Leave the in-place changes of 'mode: update' entities instead of refusing.")
    boolean keepUpdates;

    @Option(names = "--batch-size", paramLabel = "N", description = "Rows removed per transaction (default: 1000).")
    Integer batchSize;

    @Option(names = "--entities", split = ",", paramLabel = "NAME", description = "Remove only the rows of these entities and of the "
            + "entities that depend on them (named in the output); the run is then left failed, and resuming it transfers them again.")
    List<String> entities = List.of();

    @Option(names = "--to-checkpoint", paramLabel = "N", description = "Remove only the rows of the run's batches after checkpoint N "
            + "(batches numbered from 1 in the order the run committed them; --dry-run lists them); the run is then left failed, and "
            + "resuming it writes those rows again. Asks for confirmation (--confirm without a terminal).")
    Integer toCheckpoint;

    @Override
    protected int run(Ferry ferry) {
        TransferRollbackOptions options = new TransferRollbackOptions(batchSize, preserveData, dryRun, confirm, keepUpdates, fromBackup, entities,
                toCheckpoint);
        Transfers transfers = transfers(ferry, TransferListener.NONE);
        if ((fromBackup || toCheckpoint != null) && !confirm && !dryRun && !ferry.isProtected(transfers.plan().target())) {
            transfers.rollback(runId, options.withDryRun(true)); // invalid input is told before anything is asked
            String typed = Console.ask("Rolling back transfer run " + runId + (fromBackup ? " from its backup replaces the whole content of "
                    + "its target tables" : " to checkpoint " + toCheckpoint + " removes every row it wrote after that checkpoint")
                    + ". Type the run id to go on: ");
            options = options.withConfirmed(typed != null && typed.strip().equals(runId));
        }
        TransferRollbackResult r = transfers.rollback(runId, options);
        if (json) {
            printJson(r);
            return ExitCodes.OK;
        }
        if (r.restoredFrom() != null) {
            printRestored(r);
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

    private static void printRestored(TransferRollbackResult r) {
        Console.out(r.dryRun() ? "Dry run: rollback of transfer run " + r.transferRun() + " (" + r.status() + ") from " + r.restoredFrom()
                : "Transfer run " + r.transferRun() + " is " + r.status().replace('_', ' ') + ": its target tables were restored from "
                + r.restoredFrom() + " (" + r.rowsRestored() + " rows" + (r.runId() == null ? "" : ", run " + r.runId()) + ")");
        Table t = new Table("Entity", "Table", "Mode", "Written");
        r.entities().forEach(e -> t.row(e.entity(), e.table(), e.mode(), e.rowsWritten()));
        Console.out(t.render());
        r.notes().forEach(n -> Console.out("note: " + n));
    }
}
