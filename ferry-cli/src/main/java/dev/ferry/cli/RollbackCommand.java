package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.migration.RollbackOptions;
import dev.ferry.migration.RollbackResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rollback", description = "Run down scripts, newest first (default: the newest one).")
final class RollbackCommand extends MigrationCommand {
    @ArgGroup(exclusive = true)
    Scope scope = new Scope();

    static final class Scope {
        @Option(names = "--steps", paramLabel = "N", description = "Roll back the N newest migrations.")
        Integer steps;

        @Option(names = "--to", paramLabel = "VERSION", description = "Roll back every migration above VERSION.")
        String to;
    }

    @Option(names = "--dry-run", description = "Print the SQL that would run; change nothing.")
    boolean dryRun;

    @Option(names = "--confirm", description = "Confirm rolling back a protected environment.")
    boolean confirm;

    @Override
    protected int run(Ferry ferry) {
        RollbackResult r = ferry.migrations().rollback(new RollbackOptions(scope.steps, scope.to, dryRun), confirm);
        if (json) {
            printJson(r);
        } else {
            Console.out(Render.rollback(r));
        }
        return ExitCodes.OK;
    }
}
