package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.schema.MarkdownDiff;
import dev.ferry.schema.SchemaChange;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", description = "What changed from one schema to another; exit 3 when anything did. A side is env:NAME, "
        + "'migrations' (every migration replayed into a scratch database) or a file written by 'ferry schema dump -o'.")
final class SchemaDiffCommand extends MigrationCommand {
    @Parameters(arity = "0..1", paramLabel = "DUMP", description = "Shorthand for --from DUMP.")
    String dump;

    @Option(names = "--from", paramLabel = "SIDE", description = "The schema to start from.")
    String from;

    @Option(names = "--to", paramLabel = "SIDE", description = "The schema to arrive at (default: this environment).")
    String to;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or markdown: a list grouped by kind, for a pull "
            + "request's description. --json prints JSON.")
    String format = "text";

    @Override
    protected int run(Ferry ferry) {
        String start = from != null ? from : dump;
        if (start == null) {
            throw FerryException.invalidInput("Say what to compare from: 'ferry schema diff schema.json', or --from env:NAME, "
                    + "--from migrations or --from FILE");
        }
        if (!format.equals("text") && !format.equals("markdown")) {
            throw FerryException.invalidInput("--format '" + format + "' is not known; use text or markdown (or --json)");
        }
        List<SchemaChange> changes = ferry.schema().diff(start, to);
        String target = to == null ? "env:" + ferry.settings().name() : to;
        if (json) {
            printJson(changes);
        } else if (format.equals("markdown")) {
            Console.out(MarkdownDiff.render(changes, start, target));
        } else {
            Console.out(changes.isEmpty() ? "No difference from " + start + " to " + target + "."
                    : changes.size() + " difference(s) from " + start + " to " + target + ":\n" + DriftCommand.changes(changes));
        }
        return changes.isEmpty() ? ExitCodes.OK : ErrorCode.VALIDATION_FAILED.exitCode();
    }
}
