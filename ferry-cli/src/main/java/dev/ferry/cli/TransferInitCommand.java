package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.transfer.plan.PlanScaffold;
import dev.ferry.transfer.plan.ScaffoldResult;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", description = "Write a starting transfer plan from the source's and the target's catalogs: entities matched by "
        + "table name, columns by name and type, references from foreign keys, and a '# TODO' for everything else.")
final class TransferInitCommand extends EnvironmentCommand {
    @Option(names = "--source", required = true, paramLabel = "ENV", description = "The environment the rows come from.")
    String source;

    @Option(names = "--target", required = true, paramLabel = "ENV", description = "The environment the rows go to.")
    String target;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the plan (default: transfer.plan in ferry.yaml, else transfer.yaml).")
    Path out;

    @Option(names = "--force", description = "Replace the file if it exists.")
    boolean force;

    @Override
    protected int run(Ferry ferry) {
        Ferry from = ferry.environment(source);
        Ferry to = ferry.environment(target);
        Path file = ferry.project().transferPlan(out);
        ScaffoldResult r = PlanScaffold.write(from.database(), source, to.database(), target, to.settings().historyTable(), file, force);
        if (json) {
            printJson(r);
            return ExitCodes.OK;
        }
        Console.out("Wrote " + r.file() + ": " + r.entities().size() + " entit" + (r.entities().size() == 1 ? "y" : "ies")
                + (r.entities().isEmpty() ? "" : " (" + String.join(", ", r.entities()) + ")"));
        if (!r.unmatchedTargets().isEmpty()) {
            Console.out("  target tables no source table matches: " + String.join(", ", r.unmatchedTargets()));
        }
        if (!r.unusedSources().isEmpty()) {
            Console.out("  source tables no entity reads: " + String.join(", ", r.unusedSources()));
        }
        Console.out(r.todos().size() + " TODO(s) to answer in the file; 'ferry transfer plan' lists the ones left.");
        return ExitCodes.OK;
    }
}
