package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.migration.RepairResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "repair", description = "Remove failed history rows and re-record checksums of applied files, after showing exactly what changes.")
final class RepairCommand extends MigrationCommand {
    @Option(names = {"-y", "--yes"}, description = "Apply without asking (needed when not on a terminal).")
    boolean yes;

    @Override
    protected int run(Ferry ferry) {
        RepairResult plan = ferry.migrations().repairPreview();
        if (plan.nothingToDo()) {
            Console.out(json ? "{\"applied\": false, \"removedFailedRows\": [], \"realignedChecksums\": []}" : "History already matches the files; nothing to repair.");
            return ExitCodes.OK;
        }
        if (!json) {
            Console.out("Repair will change the history table:");
            plan.removedFailedRows().forEach(s -> Console.out("  remove " + s));
            plan.realignedChecksums().forEach(s -> Console.out("  update " + s));
        }
        if (!yes) {
            String answer = Console.ask("Apply these changes? [y/N] ");
            if (answer == null) {
                throw new FerryException(ErrorCode.INVALID_INPUT, "Not on a terminal, so not asking: run 'ferry repair --yes' to apply these changes");
            }
            if (!answer.strip().equalsIgnoreCase("y") && !answer.strip().equalsIgnoreCase("yes")) {
                Console.out("Nothing changed.");
                return ExitCodes.OK;
            }
        }
        RepairResult done = ferry.migrations().repair();
        if (json) {
            printJson(done);
        } else {
            Console.out("Repaired history (run " + done.runId() + ").");
        }
        return ExitCodes.OK;
    }
}
