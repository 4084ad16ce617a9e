package dev.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "audit", description = "The audit trail of the protected tables: list and prune.",
        subcommands = {AuditLogCommand.class, AuditPruneCommand.class})
final class AuditCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
