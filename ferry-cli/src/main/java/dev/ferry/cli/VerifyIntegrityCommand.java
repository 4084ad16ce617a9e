package dev.ferry.cli;

import dev.ferry.Ferry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "integrity", description = "Check any database, no plan needed: orphans, duplicate natural keys, NOT VALID constraints, "
        + "unindexed foreign keys and the rules; exit 3 on errors.")
final class VerifyIntegrityCommand extends EnvironmentCommand {
    @Mixin
    VerifyOptions checks;

    @Override
    protected int run(Ferry ferry) {
        return VerifyCommand.print(ferry.verifyIntegrity(checks.resolve(ferry.settings().projectDir())), json);
    }
}
