package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.transfer.RejectFilter;
import dev.ferry.transfer.TransferListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", description = "Print a run's report as Markdown or JSON, or its rejected rows as CSV.")
final class TransferReportCommand extends TransferBase {
    enum Format { md, json, csv }

    @Parameters(paramLabel = "RUN")
    String runId;

    @Option(names = "--format", description = "md (default), json, or csv (the rejected rows, as 'transfer rejects --csv').")
    Format format = Format.md;

    @Override
    protected int run(Ferry ferry) {
        if (format == Format.csv && !json) {
            transfers(ferry, TransferListener.NONE).rejects(runId, RejectFilter.ALL, new TransferRejectsCommand.CsvRows());
            return ExitCodes.OK;
        }
        Console.out(transfers(ferry, TransferListener.NONE).report(runId, json ? "json" : format.name()).stripTrailing());
        return ExitCodes.OK;
    }
}
