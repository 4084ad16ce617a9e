package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.seed.SeedFileResult;
import dev.ferry.seed.SeedOptions;
import dev.ferry.seed.SeedResult;
import dev.ferry.seed.SeedStatus;
import dev.ferry.verify.VerifyReports;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "seed", description = "Apply the environment's seed files (seeds/<env>/: .sql, .csv, .yaml) in name order, each in its own "
        + "transaction; rows are upserted on their key and unchanged files are skipped.")
final class SeedCommand extends MigrationCommand {
    @Option(names = "--clean", description = "Empty the seeded tables first (children before parents). Refused on protected environments.")
    boolean clean;

    @Option(names = "--minimal", description = "Apply only the files marked essential.")
    boolean minimal;

    @Option(names = "--validate", description = "Run the integrity checks afterwards (as 'verify integrity'); exit 3 when they fail.")
    boolean validate;

    @Option(names = "--dry-run", description = "List what would be applied and emptied; change nothing.")
    boolean dryRun;

    /** The integrity options --validate uses. */
    @Mixin
    VerifyOptions checks;

    @Override
    protected int run(Ferry ferry) {
        SeedOptions options = new SeedOptions(clean, minimal, dryRun, validate ? checks.resolve(ferry.settings().projectDir()) : null);
        SeedResult r = ferry.seeds().apply(options);
        if (json) {
            printJson(r);
        } else {
            String text = render(r);
            String summary = text.lines().filter(l -> l.startsWith("Seeded ") || l.startsWith("-- Dry run: ")).findFirst().orElse(text);
            Console.out(quiet && r.valid() ? summary : text);
        }
        return r.valid() ? ExitCodes.OK : ErrorCode.VALIDATION_FAILED.exitCode();
    }

    static String render(SeedResult r) {
        StringBuilder sb = new StringBuilder();
        if (!r.cleaned().isEmpty()) {
            sb.append(r.dryRun() ? "Would empty: " : "Emptied: ");
            sb.append(String.join(", ", r.cleaned().stream().map(c -> c.table() + " (" + c.rows() + " rows)").toList()));
            sb.append('\n');
        }
        Table t = new Table("File", "Table", "Rows", "Status");
        for (SeedFileResult f : r.files()) {
            t.row(f.file(), f.table() == null ? "(sql)" : f.table(), f.status() == SeedStatus.APPLIED || f.status() == SeedStatus.WOULD_APPLY
                    ? f.rows() : "", f.status().name().toLowerCase(Locale.ROOT).replace('_', ' ') + (f.essential() ? ", essential" : ""));
        }
        sb.append(r.files().isEmpty() ? "No seed files in " + r.folder() + "." : t.render()).append('\n');
        r.notes().forEach(n -> sb.append("note: ").append(n).append('\n'));
        if (r.dryRun()) {
            sb.append("-- Dry run: ").append(r.count(SeedStatus.WOULD_APPLY)).append(" file(s) would be applied to ").append(r.environment())
                    .append(". Nothing was changed.");
        } else {
            sb.append("Seeded ").append(r.environment()).append(" from ").append(r.folder()).append(": ").append(r.count(SeedStatus.APPLIED))
                    .append(" file(s) applied (").append(r.rowsApplied()).append(" rows), ").append(r.count(SeedStatus.UNCHANGED))
                    .append(" unchanged").append(r.minimal() ? ", " + r.count(SeedStatus.NOT_ESSENTIAL) + " not essential" : "")
                    .append(" (run ").append(r.runId()).append(").");
        }
        if (r.validation() != null) {
            sb.append('\n').append(VerifyReports.markdown(r.validation()).stripTrailing());
        }
        return sb.toString();
    }
}
