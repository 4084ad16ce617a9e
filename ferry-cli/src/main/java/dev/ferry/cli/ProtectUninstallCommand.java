package dev.ferry.cli;

import dev.ferry.Ferry;
import picocli.CommandLine.Command;

@Command(name = "uninstall", description = "Remove the triggers and constraints 'protect install' created; tables, data, "
        + "the audit trail and the snapshots stay.")
final class ProtectUninstallCommand extends EnvironmentCommand {
    @Override
    protected int run(Ferry ferry) {
        ProtectInstallCommand.print(ferry.protection().uninstall(), json);
        return ExitCodes.OK;
    }
}
