package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.transfer.DryRunFinding;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.TransferOptions;
import dev.ferry.transfer.TransferResult;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", description = "Run the plan (or resume the latest unfinished run), entity by entity in dependency order.")
final class TransferRunCommand extends TransferBase {
    @Option(names = "--entities", split = ",", paramLabel = "NAME", description = "Only these entities, and the parents they depend on "
            + "whose target tables are still empty (added, and said so).")
    List<String> entities = List.of();

    @Option(names = "--group", paramLabel = "NAME", description = "The entities of this group of the plan ('groups:'), as with --entities.")
    String group;

    @Option(names = "--only", description = "Exactly the selected entities: refuse (exit 2) when a parent they depend on is not in the target.")
    boolean only;

    @Option(names = "--dry-run", description = "Send a sample of every entity through the plan into the target, then roll back; report problems.")
    boolean dryRun;

    @Option(names = "--sample", paramLabel = "N", description = "Rows per entity for --dry-run (default: 100).")
    int sample = 100;

    @Option(names = "--max-concurrency", paramLabel = "N", description = "Slices copied at once (default: number of cores).")
    Integer maxConcurrency;

    @Option(names = "--batch-size", paramLabel = "N", description = "A fixed batch size instead of the adaptive one.")
    Integer batchSize;

    @ArgGroup(exclusive = true)
    Start start = new Start();

    static final class Start {
        @Option(names = "--resume", paramLabel = "RUN", description = "Resume this run (default: the latest unfinished run of this plan).")
        String resume;

        @Option(names = "--fresh", description = "Delete what is in the plan's target tables and start a new run.")
        boolean fresh;
    }

    @Option(names = "--no-backup", description = "Do not back up the target tables before a new run, though the plan says 'backup: true' "
            + "(refused on a protected target).")
    boolean noBackup;

    @Option(names = "--events", paramLabel = "FILE", description = "Also write every event as a JSON line to FILE.")
    Path events;

    @Override
    protected int run(Ferry ferry) {
        TransferListener progress = json || quiet ? TransferListener.NONE : TransferProgress.forConsole();
        EventsFile eventsFile = events == null ? null : new EventsFile(events);
        TransferListener listener = eventsFile == null ? progress : e -> {
            eventsFile.onEvent(e);
            progress.onEvent(e);
        };
        try {
            TransferOptions options = new TransferOptions(entities, dryRun, maxConcurrency, batchSize, start.resume, start.fresh, sample,
                    noBackup ? TransferOptions.PreRunBackup.SKIP : TransferOptions.PreRunBackup.AS_PLANNED, group, only);
            TransferResult r = transfers(ferry, listener).run(options);
            if (json) {
                printJson(r);
            } else if (r.dryRun()) {
                printDryRun(r);
            } else {
                if (!quiet) {
                    r.notes().forEach(n -> Console.err(n));
                }
                long rejected = r.entities().stream().mapToLong(e -> e.rowsRejected()).sum();
                printResult(TransferSummary.table(r), "Transfer run " + r.runId() + " " + r.status() + ": "
                        + r.rowsWritten() + " rows written, " + rejected + " rejected in "
                        + String.format(java.util.Locale.ROOT, "%.1f s", r.durationMs() / 1000.0) + "; reports: .ferry/reports/" + r.runId()
                        + "-transfer.html (also .md and .json)");
            }
            return r.dryRun() && !r.findings().isEmpty() ? ErrorCode.VALIDATION_FAILED.exitCode() : ExitCodes.OK;
        } finally {
            if (eventsFile != null) {
                eventsFile.close();
            }
        }
    }

    private static void printDryRun(TransferResult r) {
        r.notes().forEach(Console::out);
        if (r.findings().isEmpty()) {
            Console.out("No problems: every sampled row fits the target.");
            return;
        }
        Table t = new Table("Entity", "Legacy key", "Problem");
        for (DryRunFinding f : r.findings()) {
            t.row(f.entity(), f.legacyKey() == null ? "" : f.legacyKey(), f.problem());
        }
        Console.out(r.findings().size() + " problem(s) found:");
        Console.out(t.render());
    }
}
