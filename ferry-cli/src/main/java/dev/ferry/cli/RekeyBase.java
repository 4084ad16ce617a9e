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

    /** The longest lock of each phase and kind: how long, beside the plan's lock_timeout, and by which statement. */
    static String locks(java.util.List<dev.ferry.rekey.LockHeld> locks) {
        if (locks.isEmpty()) {
            return "No lock time recorded yet.";
        }
        Table t = new Table("Phase", "Longest lock", "Held", "lock_timeout", "Statement");
        for (dev.ferry.rekey.LockHeld h : locks) {
            t.row(h.phase(), h.kind().equals(dev.ferry.rekey.LockHeld.BLOCKING) ? "blocking writers" : "writes go on", h.heldMs() + " ms"
                    + (h.longerThanLockTimeout() ? " (longer than lock_timeout)" : ""), h.lockTimeoutMs() + " ms", h.statement());
        }
        return t.render().stripTrailing();
    }

    /** A dry run's statements as a script: each ends with a semicolon, comments stay as they are. */
    static void printDryRun(java.util.List<String> statements) {
        statements.forEach(s -> Console.out(s.startsWith("--") ? s : s + ";"));
        Console.out("-- dry run: nothing was changed");
    }
}
