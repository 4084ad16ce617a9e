package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.protection.Protection;
import dev.ferry.protection.SnapshotRestoreResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "restore", description = "Put protected tables back exactly as a stored snapshot holds them (rows added, set back and "
        + "removed), in one audited transaction; shows what changes and asks first.")
final class ProtectRestoreCommand extends EnvironmentCommand {
    @Option(names = "--snapshot", required = true, paramLabel = "N", description = "The snapshot version ('ferry protect snapshot' prints it).")
    int version;

    @Option(names = "--table", paramLabel = "T", description = "Only this protected table (default: all of them).")
    String table;

    @Option(names = "--dry-run", description = "Only show what would change.")
    boolean dryRun;

    @Option(names = "--confirm", description = "Do not ask; needed on a protected environment and without a terminal.")
    boolean confirm;

    @Override
    protected int run(Ferry ferry) {
        Protection protection = ferry.protection();
        if (dryRun || !confirm) {
            SnapshotRestoreResult preview = protection.restore(version, table, true, false);
            print(preview);
            if (dryRun) {
                return ExitCodes.OK;
            }
            if (preview.changed() == 0) {
                Console.out("The tables already equal snapshot " + version + "; nothing to restore.");
                return ExitCodes.OK;
            }
            String confirmed = "ferry protect restore --snapshot " + version + (table == null ? "" : " --table " + table) + " --confirm";
            if (ferry.settings().protectedEnvironment()) {
                throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "'" + ferry.settings().name() + "' is protected: run '" + confirmed
                        + "' to make these changes");
            }
            if (!Console.confirm("Make these changes?", confirmed)) {
                Console.out("Nothing restored.");
                return ExitCodes.OK;
            }
        }
        print(protection.restore(version, table, false, true));
        return ExitCodes.OK;
    }

    private void print(SnapshotRestoreResult r) {
        if (json) {
            printJson(r);
            return;
        }
        Console.out(r.dryRun() ? "Restoring snapshot " + r.version() + " would make " + r.changed() + " change(s):"
                : "Restored snapshot " + r.version() + " in one transaction: " + r.changed() + " change(s), audited as '" + r.changedBy() + "'");
        Table t = new Table("Table", "Inserted", "Replaced", "Deleted", "Unchanged");
        r.tables().forEach(x -> t.row(x.table(), x.inserted(), x.replaced(), x.deleted(), x.unchanged()));
        Console.out(t.render());
    }
}
