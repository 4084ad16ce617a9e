package dev.ferry.cli;

import picocli.CommandLine.Option;

/** The options of commands that can repair what they find. */
final class FixOptions {
    @Option(names = "--fix", description = "Repair what is found, reversibly (undo with 'ferry verify undo FIX_RUN').")
    boolean fix;

    @Option(names = "--dry-run", description = "With --fix: list what would change; change nothing.")
    boolean dryRun;

    @Option(names = "--confirm", description = "Confirm a fix on a protected environment.")
    boolean confirm;
}
