package dev.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "rekey", description = "Change integer keys to UUIDs in place, while the application runs: analyze, expand, switch, contract, abort, status.",
        subcommands = {RekeyAnalyzeCommand.class, RekeyExpandCommand.class, RekeySwitchCommand.class, RekeyContractCommand.class, RekeyAbortCommand.class,
                RekeyStatusCommand.class})
final class RekeyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
