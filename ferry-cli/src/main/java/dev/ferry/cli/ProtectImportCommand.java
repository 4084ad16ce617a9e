package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.protection.SnapshotImportResult;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = "Store a snapshot file written by 'protect snapshot --file' as a new snapshot, after checking "
        + "its checksum and every row against the JSON Schemas (exit 3 and nothing written when one fails).")
final class ProtectImportCommand extends EnvironmentCommand {
    @Parameters(paramLabel = "FILE", description = "The snapshot file (JSON lines).")
    Path file;

    @Override
    protected int run(Ferry ferry) {
        SnapshotImportResult r = ferry.protection().importSnapshot(file);
        if (json) {
            printJson(r);
        } else {
            Console.out("Imported " + r.file() + " (snapshot " + r.fileVersion() + " taken " + r.takenAt() + ") as snapshot " + r.version()
                    + ": " + r.rows() + " row(s) of " + r.tables() + " table(s), " + r.checksum() + " (run " + r.runId() + ")");
            Console.out("Put it back with 'ferry protect restore --snapshot " + r.version() + " --dry-run', then without --dry-run.");
        }
        return ExitCodes.OK;
    }
}
