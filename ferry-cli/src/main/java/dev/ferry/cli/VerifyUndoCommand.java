package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.verify.FixResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "undo", description = "Reverse a fix run: put every quarantined row back where it was.")
final class VerifyUndoCommand extends EnvironmentCommand {
    @Parameters(paramLabel = "FIX_RUN", description = "The fix run printed by 'verify integrity --fix'.")
    String fixRun;

    @Option(names = "--confirm", description = "Confirm on a protected environment.")
    boolean confirm;

    @Override
    protected int run(Ferry ferry) {
        print(ferry.verification().undoFix(fixRun, confirm), json);
        return ExitCodes.OK;
    }

    static void print(FixResult r, boolean json) {
        if (json) {
            printJson(r);
            return;
        }
        if (r.actions().isEmpty()) {
            Console.out("Nothing to fix.");
            return;
        }
        Table t = new Table("Action", "Table", "Rows", "Keys", "Into", "Why");
        for (FixResult.Action a : r.actions()) {
            String keys = a.keys().size() <= 10 ? String.join(", ", a.keys()) : String.join(", ", a.keys().subList(0, 10)) + ", ...";
            t.row(a.kind(), a.table(), a.keys().size(), keys, a.movedTo(), a.reason());
        }
        Console.out((r.dryRun() ? "Dry run: would change " : "Changed ") + r.rows() + " row(s)"
                + (r.fixRun() == null ? "" : " (fix run " + r.fixRun() + "; undo with 'ferry verify undo " + r.fixRun() + "')") + ":");
        Console.out(t.render());
    }
}
