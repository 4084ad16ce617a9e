package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.schema.SchemaChange;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "diff", description = "What changed from a schema dump to the environment's schema now; exit 3 when anything did.")
final class SchemaDiffCommand extends EnvironmentCommand {
    @Parameters(paramLabel = "DUMP", description = "A file written by 'ferry schema dump -o'.")
    Path dump;

    @Override
    protected int run(Ferry ferry) {
        List<SchemaChange> changes = ferry.schema().diffFrom(dump);
        if (json) {
            printJson(changes);
        } else {
            Console.out(changes.isEmpty() ? "No difference from " + dump + "."
                    : changes.size() + " difference(s) from " + dump + ":\n" + DriftCommand.changes(changes));
        }
        return changes.isEmpty() ? ExitCodes.OK : ErrorCode.VALIDATION_FAILED.exitCode();
    }
}
