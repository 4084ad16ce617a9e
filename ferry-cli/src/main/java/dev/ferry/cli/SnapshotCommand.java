package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.snapshot.SnapshotRecord;
import dev.ferry.snapshot.SnapshotResult;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "snapshot", description = "Copy tables inside the database (backup_<UTC time>_<table>), recorded in ferry_snapshots; "
        + "list, restore and drop them with the subcommands.",
        subcommands = {SnapshotListCommand.class, SnapshotRestoreCommand.class, SnapshotDropCommand.class})
final class SnapshotCommand extends EnvironmentCommand {
    @Parameters(arity = "0..*", paramLabel = "TABLE", description = "Tables to copy: table or schema.table.")
    List<String> tables = List.of();

    @Override
    protected int run(Ferry ferry) {
        SnapshotResult r = ferry.snapshots().create(tables);
        if (json) {
            printJson(r);
            return ExitCodes.OK;
        }
        if (!quiet) {
            Console.out(table(r.copies()));
        }
        Console.out("Snapshot " + r.snapshotId() + ": " + r.copies().size() + " table(s), " + r.rows() + " row(s).");
        return ExitCodes.OK;
    }

    static String table(List<SnapshotRecord> records) {
        Table t = new Table("Snapshot", "Table", "Copy", "Rows", "Created (UTC)", "By", "Reason");
        for (SnapshotRecord r : records) {
            t.row(r.snapshotId(), r.source(), r.copyTable(), r.complete() ? r.rows() : "incomplete", r.createdAt(), r.createdBy(), r.reason());
        }
        return t.render();
    }
}
