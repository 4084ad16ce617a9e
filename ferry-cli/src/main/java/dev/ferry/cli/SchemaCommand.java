package dev.ferry.cli;

import picocli.CommandLine.Command;

@Command(name = "schema", description = "The environment's schema as its server describes it: dump it to a file, or diff it against one.",
        subcommands = {SchemaDumpCommand.class, SchemaDiffCommand.class})
final class SchemaCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
