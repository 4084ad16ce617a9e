package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.verify.FixResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "integrity", description = "Check any database, no plan needed: orphans, duplicate natural keys, NOT VALID constraints, "
        + "unindexed foreign keys and the rules; exit 3 on errors. --fix moves orphans into quarantine tables (undo with 'verify undo').")
final class VerifyIntegrityCommand extends EnvironmentCommand {
    @Mixin
    VerifyOptions checks;

    @Option(names = "--fix", description = "Move orphan rows into ferry_quarantine_<table>, recorded in ferry_fixes.")
    boolean fix;

    @Option(names = "--dry-run", description = "With --fix: list what would move; change nothing.")
    boolean dryRun;

    @Option(names = "--confirm", description = "Confirm a fix on a protected environment.")
    boolean confirm;

    @Override
    protected int run(Ferry ferry) {
        if (fix) {
            FixResult r = ferry.quarantineOrphans(checks.relations, dryRun, confirm);
            VerifyUndoCommand.print(r, json);
            if (dryRun) {
                return ExitCodes.OK;
            }
        }
        return VerifyCommand.print(ferry.verifyIntegrity(checks.resolve(ferry.settings().projectDir())), json);
    }
}
