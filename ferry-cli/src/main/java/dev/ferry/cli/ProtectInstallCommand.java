package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.protection.InstallResult;
import picocli.CommandLine.Command;

@Command(name = "install", description = "Create ferry_audit, an audit trigger on every protected table and the CHECK constraints "
        + "derivable from the JSON Schemas; safe to run again.")
final class ProtectInstallCommand extends EnvironmentCommand {
    @Override
    protected int run(Ferry ferry) {
        print(ferry.protection().install(), json);
        return ExitCodes.OK;
    }

    static void print(InstallResult r, boolean json) {
        if (json) {
            printJson(r);
            return;
        }
        Table t = new Table("Table", "Triggers", "Constraints");
        r.objects().forEach(o -> t.row(o.table(), String.join(", ", o.triggers()), String.join(", ", o.constraints())));
        Console.out((r.installed() ? "Protected " : "Removed protection from ") + r.objects().size() + " table(s) on " + r.database()
                + " (run " + r.runId() + "):");
        if (!r.objects().isEmpty()) {
            Console.out(t.render());
        }
        if (!r.kept().isEmpty()) {
            Console.out("Kept: " + String.join(", ", r.kept()) + " (the audit trail and the snapshots); your tables are untouched.");
        }
    }
}
