package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.schema.DriftResult;
import dev.ferry.schema.SchemaChange;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "drift", description = "Replay the applied migrations into a scratch database and compare with the live schema; "
        + "exit 3 listing every object added, removed or changed by hand.")
final class DriftCommand extends MigrationCommand {
    @Override
    protected int run(Ferry ferry) {
        DriftResult r = ferry.schema().drift();
        if (json) {
            printJson(r);
        } else {
            Console.out(render(r));
        }
        return r.clean() ? ExitCodes.OK : ErrorCode.VALIDATION_FAILED.exitCode();
    }

    static String render(DriftResult r) {
        if (r.clean()) {
            return "No drift on '" + r.environment() + "': the schema is what the migrations make of it"
                    + (r.version() == null ? " (none applied)" : " up to version " + r.version()) + " (compared in "
                    + String.format(java.util.Locale.ROOT, "%.1f", r.durationMs() / 1000.0) + " s).";
        }
        return "Drift on '" + r.environment() + "': " + r.changes().size() + " change(s) made outside the migrations"
                + (r.version() == null ? "" : " (applied up to version " + r.version() + ")") + ":\n" + changes(r.changes())
                + "\nPut each change into a migration ('ferry new'), or undo it by hand.";
    }

    /** One line per change; a changed object shows its definition before and after. */
    static String changes(List<SchemaChange> changes) {
        StringBuilder sb = new StringBuilder();
        for (SchemaChange c : changes) {
            sb.append("  ").append(c.describe());
            switch (c.change()) {
                case ADDED -> sb.append(": ").append(c.after());
                case REMOVED -> sb.append(": ").append(c.before());
                case CHANGED -> sb.append("\n      was: ").append(c.before()).append("\n      now: ").append(c.after());
            }
            sb.append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
