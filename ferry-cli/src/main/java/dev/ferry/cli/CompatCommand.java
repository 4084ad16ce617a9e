package dev.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "compat", description = "The compatibility layer of a rekey: the old shape (v1, integer keys) and the new one (v2, UUID keys) "
        + "as updatable views, the URL each client version connects with, and who still uses v1.",
        subcommands = {CompatCreateCommand.class, CompatUrlCommand.class, CompatWatchCommand.class, CompatReportCommand.class})
final class CompatCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
