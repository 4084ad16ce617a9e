package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.transfer.TransferListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", description = "Print a run's report as Markdown or JSON.")
final class TransferReportCommand extends TransferBase {
    enum Format { md, json }

    @Parameters(paramLabel = "RUN")
    String runId;

    @Option(names = "--format", description = "md (default) or json.")
    Format format = Format.md;

    @Override
    protected int run(Ferry ferry) {
        Console.out(transfers(ferry, TransferListener.NONE).report(runId, json ? "json" : format.name()).stripTrailing());
        return ExitCodes.OK;
    }
}
