package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.retention.PruneOptions;
import dev.ferry.retention.RetentionResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "prune", description = "Apply ferry.yaml's retention: rules: delete old backups, snapshots, protected snapshots, run logs "
        + "and reports, finished transfer state and audit entries. The newest valid backup and whatever a resumable run needs stay.")
final class PruneCommand extends EnvironmentCommand {
    @Option(names = "--dry-run", description = "List what would be deleted and why the rest is kept; delete nothing.")
    boolean dryRun;

    @Option(names = "--confirm", description = "Confirm on a protected environment.")
    boolean confirm;

    @Mixin
    PassphraseOptions passphrase;

    @Override
    protected int run(Ferry ferry) {
        RetentionResult r = ferry.retention().prune(new PruneOptions(dryRun, confirm, passphrase.fromEnvironment()));
        if (json) {
            printJson(r);
        } else {
            printResult(render(r), summary(r));
        }
        return ExitCodes.OK;
    }

    static String render(RetentionResult r) {
        StringBuilder sb = new StringBuilder();
        Table kinds = new Table("Kind", r.dryRun() ? "Would delete" : "Deleted", "Kept", "Rule");
        for (RetentionResult.KindOutcome k : r.kinds()) {
            kinds.row(k.kind().key(), k.note() == null ? k.deletedCount() : "-", k.note() == null ? k.kept().size() : "-",
                    k.note() == null ? k.rule() : k.note());
        }
        sb.append(kinds.render()).append("\n");
        Table items = new Table("Kind", "Item", "Time", "", "Why");
        for (RetentionResult.KindOutcome k : r.kinds()) {
            k.deleted().forEach(e -> items.row(k.kind().key(), e.name(), second(e), r.dryRun() ? "would delete" : "deleted", e.reason()));
            k.kept().forEach(e -> items.row(k.kind().key(), e.name(), second(e), "kept", e.reason()));
        }
        if (r.kinds().stream().anyMatch(k -> !k.deleted().isEmpty() || !k.kept().isEmpty())) {
            sb.append("\n").append(items.render()).append("\n");
        }
        return sb.toString();
    }

    private static Instant second(RetentionResult.Entry e) {
        return e.at().truncatedTo(ChronoUnit.SECONDS);
    }

    static String summary(RetentionResult r) {
        long n = r.deletedCount();
        if (r.dryRun()) {
            return "Dry run on " + r.environment() + ": would delete " + n + " item(s); nothing was deleted.";
        }
        return "Pruned " + r.environment() + ": deleted " + n + " item(s) (run " + r.runId() + ").";
    }
}
