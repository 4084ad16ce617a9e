package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.rekey.Rekeys;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Base of the rekey subcommands: the plan option, and opening the plan's rekeys. */
abstract class RekeyBase extends EnvironmentCommand {
    @Option(names = {"-p", "--plan"}, paramLabel = "FILE", description = "Rekey plan (default: rekey.yaml beside ferry.yaml).")
    Path plan;

    Rekeys rekeys(Ferry ferry) {
        return ferry.rekeys(plan);
    }

    /** A dry run's statements as a script: each ends with a semicolon, comments stay as they are. */
    static void printDryRun(java.util.List<String> statements) {
        statements.forEach(s -> Console.out(s.startsWith("--") ? s : s + ";"));
        Console.out("-- dry run: nothing was changed");
    }
}
