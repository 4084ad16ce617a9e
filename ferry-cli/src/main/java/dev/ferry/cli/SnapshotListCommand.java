package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.snapshot.SnapshotRecord;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "list", description = "List the snapshot copies recorded in the database, oldest first.")
final class SnapshotListCommand extends EnvironmentCommand {
    @Override
    protected int run(Ferry ferry) {
        List<SnapshotRecord> all = ferry.snapshots().list();
        if (json) {
            printJson(all);
        } else {
            Console.out(all.isEmpty() ? "No snapshots yet." : SnapshotCommand.table(all));
        }
        return ExitCodes.OK;
    }
}
