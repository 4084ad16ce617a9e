package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.rekey.AbortResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "abort", description = "Undo expand and switch in one transaction: integer keys, foreign keys, required columns and comments "
        + "as before, every UUID column, trigger and Ferry table removed. Rows written meanwhile stay.")
final class RekeyAbortCommand extends RekeyBase {
    @Option(names = "--dry-run", description = "Print the exact statements, in order; change nothing.")
    boolean dryRun;

    @Override
    protected int run(Ferry ferry) {
        AbortResult r = rekeys(ferry).abort(dryRun);
        if (json) {
            printJson(r);
        } else if (r.dryRun()) {
            printDryRun(r.statements());
        } else if (r.statements().isEmpty()) {
            Console.out("Nothing to abort: no rekey has started in this database.");
        } else {
            Console.out("Aborted (run " + r.runId() + "): " + r.tables() + " table(s) have their integer keys back; Ferry's additions are gone.");
        }
        return ExitCodes.OK;
    }
}
