package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.rekey.CompatResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "create", description = "Create or refresh <schema>_v1 and <schema>_v2: one updatable view per re-keyed table in each. "
        + "Exit 5 before expand.")
final class CompatCreateCommand extends RekeyBase {
    @Option(names = "--dry-run", description = "Print the exact statements, in order; change nothing.")
    boolean dryRun;

    @Override
    protected int run(Ferry ferry) {
        CompatResult r = rekeys(ferry).compat(dryRun);
        if (json) {
            printJson(r);
        } else if (dryRun) {
            printDryRun(r.statements());
        } else {
            Console.out("Created " + r.views() + " view(s) in " + String.join(" and ", r.schemas()) + " (run " + r.runId()
                    + "); connect old clients with 'ferry compat url --version v1', new ones with --version v2.");
        }
        return ExitCodes.OK;
    }
}
