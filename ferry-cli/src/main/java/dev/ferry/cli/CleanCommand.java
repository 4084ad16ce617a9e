package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.migration.CleanResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "clean", description = "Drop every object in the managed schemas. Refused on protected environments.")
final class CleanCommand extends MigrationCommand {
    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    protected int run(Ferry ferry) {
        if (!yes && !ferry.settings().protectedEnvironment()) {
            String answer = Console.ask("Drop every object in environment '" + ferry.settings().name() + "'? Type its name to confirm: ");
            if (answer == null) {
                throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "Not on a terminal, so not asking: run 'ferry clean --yes' to drop everything");
            }
            if (!answer.strip().equals(ferry.settings().name())) {
                Console.out("Nothing dropped.");
                return ExitCodes.OK;
            }
        }
        CleanResult r = ferry.migrations().clean();
        if (json) {
            printJson(r);
        } else {
            Console.out("Dropped " + r.dropped().size() + " object(s) in " + String.join(", ", r.schemas()) + " (run " + r.runId() + ").");
        }
        return ExitCodes.OK;
    }
}
