package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.schema.SchemaSnapshot;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dump", description = "Write the schema (every table, column, constraint, index, view, type, routine, trigger, "
        + "policy) as JSON, to compare with later using 'ferry schema diff'.")
final class SchemaDumpCommand extends MigrationCommand {
    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write to FILE instead of printing.")
    Path out;

    @Override
    protected int run(Ferry ferry) {
        SchemaSnapshot s = ferry.schema().snapshot();
        if (out == null) {
            printJson(s);
        } else {
            s.write(out);
            Console.out("Wrote " + s.objects().size() + " object(s) of " + String.join(", ", s.schemas()) + " to " + out + ".");
        }
        return ExitCodes.OK;
    }
}
