package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.migration.HistoryRow;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "history", description = "Show what ran, when, by whom, how long, with what result.")
final class HistoryCommand extends MigrationCommand {
    @Override
    protected int run(Ferry ferry) {
        List<HistoryRow> rows = ferry.migrations().history();
        if (json) {
            printJson(rows);
        } else {
            Console.out(Render.history(rows));
        }
        return ExitCodes.OK;
    }
}
