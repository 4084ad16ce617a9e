package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.migration.BaselineResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "baseline", description = "Mark an existing database as being at VERSION; only later migrations will run.")
final class BaselineCommand extends MigrationCommand {
    @Option(names = "--version", required = true, paramLabel = "VERSION", description = "The version the database is at.")
    String version;

    @Option(names = "--description", description = "What the baseline stands for.")
    String description;

    @Override
    protected int run(Ferry ferry) {
        BaselineResult r = ferry.migrations().baseline(version, description);
        if (json) {
            printJson(r);
        } else {
            Console.out("Baselined " + r.environment() + " at version " + r.version() + " (run " + r.runId() + ").");
        }
        return ExitCodes.OK;
    }
}
