package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.config.Durations;
import dev.ferry.rekey.CompatReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", description = "Every client seen on v1 or v2, and each deprecated object (v1 views, integer columns) with its "
        + "last v1 user and whether it is safe to remove (no v1 use within --quiet-for).")
final class CompatReportCommand extends RekeyBase {
    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or markdown; --json for JSON.")
    RekeyAnalyzeCommand.Format format = RekeyAnalyzeCommand.Format.TEXT;

    @Option(names = "--quiet-for", paramLabel = "DURATION", description = "How long v1 must be unused to be safe to remove (default: 24h).")
    String quietFor = "24h";

    @Override
    protected int run(Ferry ferry) {
        CompatReport r = rekeys(ferry).compatReport(Durations.parse(quietFor, "--quiet-for"));
        if (json) {
            printJson(r);
        } else if (format == RekeyAnalyzeCommand.Format.MARKDOWN) {
            Console.out(CompatText.markdown(r));
        } else {
            Console.out(CompatText.text(r));
        }
        return ExitCodes.OK;
    }
}
