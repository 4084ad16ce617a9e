package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.migration.MigrateOptions;
import dev.ferry.migration.MigrateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "migrate", description = "Apply pending migrations in order.")
final class MigrateCommand extends MigrationCommand {
    @Option(names = "--target", paramLabel = "VERSION", description = "Stop after this version.")
    String target;

    @Option(names = "--dry-run", description = "Print the exact SQL that would run, history writes included; change nothing.")
    boolean dryRun;

    @Option(names = "--out-of-order", description = "Also apply pending migrations older than the newest applied one.")
    boolean outOfOrder;

    @Override
    protected int run(Ferry ferry) {
        MigrateResult r = ferry.migrations().migrate(new MigrateOptions(target, dryRun, outOfOrder));
        if (json) {
            printJson(r);
        } else {
            String text = Render.migrate(r);
            int newline = text.indexOf('\n');
            printResult(newline < 0 ? null : text.substring(newline + 1), newline < 0 ? text : text.substring(0, newline));
        }
        return ExitCodes.OK;
    }
}
