package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.snapshot.RestoreResult;
import dev.ferry.snapshot.SnapshotRecord;
import dev.ferry.snapshot.Snapshots;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", description = "Replace the content of the snapshot's tables with their copies, in one transaction.")
final class SnapshotRestoreCommand extends EnvironmentCommand {
    @Parameters(paramLabel = "SNAPSHOT_OR_TABLE", description = "A snapshot id (all its tables), a copy's name, or a table (its latest snapshot).")
    String snapshot;

    @Option(names = "--confirm", description = "Do not ask; needed on a protected environment.")
    boolean confirm;

    @Override
    protected int run(Ferry ferry) {
        Snapshots snapshots = ferry.snapshots();
        if (!confirm && !snapshots.protectedEnvironment()) {
            List<SnapshotRecord> records = snapshots.resolve(snapshot);
            String what = records.stream().map(r -> r.source() + " (" + r.rows() + " rows from " + r.copyTable() + ")")
                    .collect(Collectors.joining(", "));
            if (!Console.confirm("Replace the content of " + what + "?", "ferry snapshot restore " + snapshot + " --confirm")) {
                Console.out("Nothing restored.");
                return ExitCodes.OK;
            }
        }
        // Confirmed by --confirm, or by the answer above on an environment that is not protected.
        RestoreResult r = snapshots.restore(snapshot, confirm || !snapshots.protectedEnvironment());
        if (json) {
            printJson(r);
            return ExitCodes.OK;
        }
        Table t = new Table("Table", "From copy", "Snapshot", "Rows replaced", "Rows restored");
        for (RestoreResult.Restored x : r.tables()) {
            t.row(x.table(), x.copyTable(), x.snapshotId(), x.rowsRemoved(), x.rowsRestored());
        }
        Console.out("Restored " + r.tables().size() + " table(s) in one transaction (run " + r.runId() + "):");
        Console.out(t.render());
        return ExitCodes.OK;
    }
}
