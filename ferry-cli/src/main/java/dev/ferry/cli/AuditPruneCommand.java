package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.config.Durations;
import dev.ferry.protection.PruneResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "prune", description = "Delete audit entries older than a duration; needs --confirm on a protected environment.")
final class AuditPruneCommand extends EnvironmentCommand {
    @Option(names = "--older-than", required = true, paramLabel = "DURATION", description = "e.g. 90d, 12h.")
    String olderThan;

    @Option(names = "--confirm", description = "Confirm on a protected environment.")
    boolean confirm;

    @Override
    protected int run(Ferry ferry) {
        PruneResult r = ferry.protection().pruneAudit(Durations.parse(olderThan, "--older-than"), confirm);
        if (json) {
            printJson(r);
        } else {
            Console.out("Deleted " + r.deleted() + " audit entr" + (r.deleted() == 1 ? "y" : "ies") + " older than " + r.cutoff()
                    + " (run " + r.runId() + ")");
        }
        return ExitCodes.OK;
    }
}
