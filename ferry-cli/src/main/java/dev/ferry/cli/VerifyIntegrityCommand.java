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

    /** --fix here moves orphan rows into ferry_quarantine_<table>. */
    @Mixin
    FixOptions repair;

    @Override
    protected int run(Ferry ferry) {
        if (repair.fix) {
            FixResult r = ferry.verification().quarantineOrphans(checks.relations, repair.dryRun, repair.confirm);
            VerifyUndoCommand.print(r, json);
            if (repair.dryRun) {
                return ExitCodes.OK;
            }
        }
        return VerifyCommand.print(ferry.verification().integrity(checks.resolve(ferry.settings().projectDir())), json, quiet);
    }
}
