package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.TransferRun;
import dev.ferry.transfer.TransferStatus;
import dev.ferry.transfer.RunCheckpoint;
import dev.ferry.transfer.Transfers;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", description = "Show a run's committed progress per entity (default: the latest run).")
final class TransferStatusCommand extends TransferBase {
    @Parameters(arity = "0..1", paramLabel = "RUN")
    String runId;

    @Option(names = "--checkpoints", description = "List the run's committed batches, numbered in the order it recorded them: the "
            + "checkpoints 'ferry transfer rollback RUN --to-checkpoint N' goes back to.")
    boolean checkpoints;

    @Override
    protected int run(Ferry ferry) {
        Transfers transfers = transfers(ferry, TransferListener.NONE);
        TransferStatus s = transfers.status(runId);
        // A script that checks on a run must see a failed one fail, not a zero exit.
        int exit = TransferRun.FAILED.equals(s.run().status()) ? ErrorCode.VALIDATION_FAILED.exitCode() : ExitCodes.OK;
        if (json) {
            printJson(checkpoints ? java.util.Map.of("status", s, "checkpoints", transfers.checkpoints(s.run().id())) : s);
            return exit;
        }
        Console.out("Run " + s.run().id() + ": " + s.run().status() + ", started " + Render.time(s.run().startedAt())
                + (s.run().finishedAt() == null ? "" : ", finished " + Render.time(s.run().finishedAt()))
                + (s.run().error() == null ? "" : "\n  error: " + s.run().error())
                + (s.run().backupArchive() == null ? "" : "\n  pre-run backup: " + s.run().backupArchive()));
        Table t = new Table("Entity", "Status", "Slices", "Read", "Written", "Rejected", "Batches", "Last key");
        for (TransferStatus.EntityProgress p : s.entities()) {
            t.row(p.entity(), p.status(), p.slices(), p.rowsRead(), p.rowsWritten(), p.rowsRejected(), p.batches(), p.lastKey());
        }
        Console.out(t.render());
        if (checkpoints) {
            printCheckpoints(transfers.checkpoints(s.run().id()));
        }
        if (!s.missingConstraints().isEmpty()) {
            Console.out("Set aside by this run and not rebuilt yet (missing from the target while it is not finished):");
            for (TransferStatus.MissingConstraint m : s.missingConstraints()) {
                Console.out("  " + m.kind().replace('_', ' ') + " " + m.name() + " on " + m.table() + ": " + m.definition());
            }
            Console.out("Rebuild them with '" + s.restoreCommand() + "' (fix the rows that violate them first)");
        }
        return exit;
    }

    private static void printCheckpoints(List<RunCheckpoint> list) {
        if (list.isEmpty()) {
            Console.out("No numbered checkpoints: the run committed no batch, or was recorded before Ferry numbered them");
            return;
        }
        Table t = new Table("Checkpoint", "Entity", "Slice", "Read", "Written", "Rejected", "Last key");
        list.forEach(b -> t.row(b.number(), b.entity(), b.slice(), b.rowsRead(), b.rowsWritten(), b.rowsRejected(), b.lastKey()));
        Console.out(t.render());
    }
}
