package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.migration.NewMigrationResult;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "new", description = "Create the next migration and its down script in the project's layout.")
final class NewCommand extends MigrationCommand {
    @Parameters(paramLabel = "DESCRIPTION", description = "What the migration does, e.g. \"add patients email\".")
    String description;

    @Override
    protected int run(Ferry ferry) {
        NewMigrationResult r = ferry.migrations().newMigration(description);
        if (json) {
            printJson(r);
        } else {
            Path here = Path.of("").toAbsolutePath();
            Console.out("Created version " + r.version() + " (" + r.layout() + " layout):");
            r.files().forEach(f -> Console.out("  " + (f.startsWith(here) ? here.relativize(f) : f)));
        }
        return ExitCodes.OK;
    }
}
