package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.rekey.RekeyAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "analyze", description = "Phase 1, changes nothing: what depends on each key, table sizes and use, the locks each later "
        + "step takes, and the blockers to resolve first. Exit 3 when something blocks expand.")
final class RekeyAnalyzeCommand extends RekeyBase {
    enum Format { TEXT, MARKDOWN }

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or markdown; --json for JSON.")
    Format format = Format.TEXT;

    @Override
    protected int run(Ferry ferry) {
        RekeyAnalysis a = rekeys(ferry).analyze();
        if (json) {
            printJson(a);
        } else if (format == Format.MARKDOWN) {
            Console.out(RekeyAnalysisText.markdown(a));
        } else {
            Console.out(RekeyAnalysisText.text(a));
        }
        return a.clearFor("expand") ? ExitCodes.OK : ErrorCode.VALIDATION_FAILED.exitCode();
    }
}
