package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.protection.SnapshotResult;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "snapshot", description = "Store a versioned snapshot of every protected row (JSON, SHA-256 checksum) in "
        + "ferry_protected_snapshots; keep the newest N.")
final class ProtectSnapshotCommand extends EnvironmentCommand {
    @Option(names = "--file", paramLabel = "F", description = "Also write the snapshot to this file (JSON lines).")
    Path file;

    @Option(names = "--keep", paramLabel = "N", description = "Keep the newest N snapshots (default: keep_snapshots in ferry.yaml, else 10).")
    Integer keep;

    @Override
    protected int run(Ferry ferry) {
        SnapshotResult r = ferry.protection().snapshot(file, keep);
        if (json) {
            printJson(r);
        } else {
            Console.out("Snapshot " + r.version() + ": " + r.rows() + " row(s) of " + r.tables() + " table(s), " + r.checksum()
                    + (r.file() == null ? "" : ", also in " + r.file())
                    + (r.pruned().isEmpty() ? "" : "; removed older snapshot(s) " + r.pruned()) + " (run " + r.runId() + ")");
        }
        return ExitCodes.OK;
    }
}
