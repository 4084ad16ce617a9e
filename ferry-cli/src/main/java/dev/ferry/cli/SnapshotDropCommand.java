package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.config.Durations;
import dev.ferry.snapshot.DropResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "drop", description = "Drop snapshot copies older than a given age, with their records.")
final class SnapshotDropCommand extends EnvironmentCommand {
    @Option(names = "--older-than", required = true, paramLabel = "DURATION", description = "Age, e.g. 7d, 12h, 30m.")
    String olderThan;

    @Option(names = "--dry-run", description = "List what would be dropped; drop nothing.")
    boolean dryRun;

    @Option(names = "--confirm", description = "Confirm on a protected environment.")
    boolean confirm;

    @Override
    protected int run(Ferry ferry) {
        DropResult r = ferry.snapshots().drop(Durations.parse(olderThan, "--older-than"), dryRun, confirm);
        if (json) {
            printJson(r);
            return ExitCodes.OK;
        }
        if (r.dropped().isEmpty()) {
            Console.out("No snapshot is older than " + olderThan + ".");
            return ExitCodes.OK;
        }
        Console.out((r.dryRun() ? "Dry run: would drop " : "Dropped ") + r.dropped().size() + " snapshot copy(ies) older than " + olderThan
                + (r.runId() == null ? "" : " (run " + r.runId() + ")") + ":");
        Console.out(SnapshotCommand.table(r.dropped()));
        return ExitCodes.OK;
    }
}
