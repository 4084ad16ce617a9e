package dev.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "protect", description = "Protected data: audit triggers and constraints, snapshots and checks of the rows declared under protected_data.",
        subcommands = {ProtectInstallCommand.class, ProtectUninstallCommand.class, ProtectSnapshotCommand.class, ProtectCheckCommand.class,
                ProtectRestoreCommand.class, ProtectImportCommand.class, ProtectValidateCommand.class})
final class ProtectCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
