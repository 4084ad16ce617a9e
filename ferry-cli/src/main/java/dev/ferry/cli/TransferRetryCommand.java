package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.TransferRetryResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "retry", description = "Send a completed run's rejected rows through the plan again, once the source or the plan is fixed; "
        + "rows that land leave the rejects. Exit 3 when rows are still rejected.")
final class TransferRetryCommand extends TransferBase {
    @Parameters(paramLabel = "RUN", description = "The transfer run ('ferry transfer list' shows them).")
    String runId;

    @Override
    protected int run(Ferry ferry) {
        TransferRetryResult r = transfers(ferry, TransferListener.NONE).retry(runId);
        int exit = r.stillRejected() > 0 ? ErrorCode.VALIDATION_FAILED.exitCode() : ExitCodes.OK;
        if (json) {
            printJson(r);
            return exit;
        }
        Table t = new Table("Entity", "Retried", "Landed", "Dropped", "Still rejected");
        r.entities().forEach(e -> t.row(e.entity(), e.retried(), e.landed(), e.gone(), e.stillRejected()));
        StringBuilder details = new StringBuilder(r.entities().isEmpty() ? "" : t.render());
        r.notes().forEach(n -> details.append("\nnote: ").append(n));
        printResult(details.toString(), "Retried the rejects of transfer run " + runId + ": " + r.landed() + " row(s) landed, "
                + r.stillRejected() + " still rejected" + (r.stillRejected() == 0 ? ""
                : " ('ferry transfer rejects " + runId + "' shows why; " + r.rejectsCsv() + " lists them)"));
        return exit;
    }
}
