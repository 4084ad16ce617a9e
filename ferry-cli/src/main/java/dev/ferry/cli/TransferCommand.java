package dev.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "transfer", description = "Move data from a legacy database into the new schema, following a transfer plan.",
        subcommands = {TransferInitCommand.class, TransferPlanCommand.class, TransferRunCommand.class, TransferStatusCommand.class, TransferListCommand.class,
                TransferReportCommand.class, TransferRejectsCommand.class, TransferRetryCommand.class, TransferRollbackCommand.class})
final class TransferCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
