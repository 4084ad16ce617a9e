package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.migration.StatusResult;
import picocli.CommandLine.Command;

@Command(name = "status", description = "Show every migration and its state: applied, pending, failed, rolled back, missing, drifted, out of order.")
final class StatusCommand extends MigrationCommand {
    @Override
    protected int run(Ferry ferry) {
        StatusResult s = ferry.migrations().status();
        if (json) {
            printJson(s);
        } else {
            printResult(Render.status(s), Render.statusLine(s));
        }
        return ExitCodes.OK;
    }
}
