package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.Transfers;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Base of the transfer subcommands: the plan option, and opening the plan's transfers. */
abstract class TransferBase extends EnvironmentCommand {
    @Option(names = {"-p", "--plan"}, paramLabel = "FILE", description = "Transfer plan (default: transfer.plan in ferry.yaml, else transfer.yaml).")
    Path plan;

    Transfers transfers(Ferry ferry, TransferListener listener) {
        return ferry.transfers(plan, listener);
    }
}
