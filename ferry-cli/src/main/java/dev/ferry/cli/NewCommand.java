package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.migration.NewMigrationResult;
import dev.ferry.schema.GeneratedMigration;
import dev.ferry.schema.SchemaRename;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "new", description = "Create the next migration and its down script in the project's layout; with --from-diff, "
        + "written from the difference between the migrations' schema and a database's.")
final class NewCommand extends MigrationCommand {
    @Parameters(paramLabel = "DESCRIPTION", description = "What the migration does, e.g. \"add patients email\".")
    String description;

    @Option(names = "--from-diff", description = "Write the statements that take the schema the migrations make (replayed into a "
            + "scratch database) to the --to side's schema, with their down script.")
    boolean fromDiff;

    @Option(names = "--to", paramLabel = "SIDE", description = "With --from-diff: the schema to arrive at, env:NAME or a dump file "
            + "(default: this environment).")
    String to;

    @Option(names = "--rename", paramLabel = "TABLE[.COLUMN]=NEW", description = "With --from-diff: a table or column that was "
            + "renamed (written as RENAME instead of a drop and an add); repeatable.")
    List<String> renames = new ArrayList<>();

    @Override
    protected int run(Ferry ferry) {
        if (!fromDiff) {
            if (to != null || !renames.isEmpty()) {
                throw FerryException.invalidInput("--to and --rename go with --from-diff");
            }
            NewMigrationResult r = ferry.migrations().newMigration(description);
            if (json) {
                printJson(r);
            } else {
                Console.out("Created version " + r.version() + " (" + r.layout() + " layout):");
                r.files().forEach(f -> Console.out("  " + shown(f)));
            }
            return ExitCodes.OK;
        }
        GeneratedMigration g = ferry.schema().newMigrationFromDiff(description, to, renames.stream().map(SchemaRename::parse).toList());
        if (json) {
            printJson(g);
        } else {
            Console.out(render(g));
        }
        return g.complete() ? ExitCodes.OK : ErrorCode.VALIDATION_FAILED.exitCode();
    }

    static String render(GeneratedMigration g) {
        if (g.files().isEmpty()) {
            return "No difference from the migrations' schema to " + g.target() + ": no migration written.";
        }
        StringBuilder sb = new StringBuilder("Created version " + g.version() + " (" + g.layout() + " layout) from "
                + (g.changes().isEmpty() ? "the renames given" : g.changes().size() + " difference(s)") + " to " + g.target() + ":\n");
        g.files().forEach(f -> sb.append("  ").append(shown(f)).append('\n'));
        sb.append(g.up().size()).append(" statement(s) up, ").append(g.down().size()).append(" down")
                .append(g.outsideTransaction() ? "; the up script runs outside a transaction (CREATE INDEX CONCURRENTLY)" : "").append(".\n");
        if (!g.warnings().isEmpty()) {
            sb.append("Review before running:\n");
            g.warnings().forEach(w -> sb.append("  - ").append(w).append('\n'));
        }
        if (!g.complete()) {
            sb.append("Not complete: these changes are written as comments for you to carry out:\n");
            g.byHand().forEach(w -> sb.append("  - ").append(w).append('\n'));
        }
        return sb.toString().stripTrailing();
    }

    private static Path shown(Path f) {
        Path here = Path.of("").toAbsolutePath();
        return f.startsWith(here) ? here.relativize(f) : f;
    }
}
