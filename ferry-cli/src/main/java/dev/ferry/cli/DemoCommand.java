package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.config.ConfigOverrides;
import dev.ferry.examples.ClinicData;
import dev.ferry.migration.MigrateOptions;
import dev.ferry.migration.RollbackOptions;
import dev.ferry.migration.SchemaMigrations;
import dev.ferry.transfer.PlanDescription;
import dev.ferry.transfer.RejectFilter;
import dev.ferry.transfer.TransferOptions;
import dev.ferry.transfer.TransferResult;
import dev.ferry.transfer.Transfers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The showcase, on the embedded PostgreSQL: writes the clinic example project, fills its legacy
 * database, migrates the new schema (with a rollback and a caught drift on the way), then moves
 * the legacy data into it with UUID keys and rewritten references, and prints the report.
 */
@Command(name = "demo", description = "Create the dental-clinic demo project and show what Ferry does, on an embedded PostgreSQL.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--dir", description = "Where to create the demo project (default: ./ferry-demo).")
    Path dir = Path.of("ferry-demo");

    @Option(names = "--scale", description = "Size of the legacy data; 1.0 = 4.2 million rows (default: 0.01).")
    double scale = 0.01;

    @Option(names = {"-q", "--quiet"}, description = "Print only the result: where the demo project is.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        Console.mute(quiet);
        try {
            return tour();
        } finally {
            Console.mute(false);
        }
    }

    private Integer tour() throws IOException {
        Path project = dir.toAbsolutePath().normalize();
        Path transferReport;
        DemoProject.write(project);
        Console.out("Demo project written to " + project + ": ferry.yaml, migrations/ (the new schema) and transfer.yaml.");
        try (Ferry ferry = Ferry.load(project, null, ConfigOverrides.NONE)) {
            if (!quiet) {
                ferry.onNotice(Console::err);
            }
            ferry.withListener(new ConsoleListener(quiet));
            SchemaMigrations migrations = ferry.migrations();

            step("ferry generate clinic -e legacy --scale " + scale, "the legacy database: integer keys, dispatch_* tables");
            ClinicData.Counts n = ClinicData.create(ferry.databaseFor(new dev.ferry.transfer.plan.ConnectionSpec("legacy", null, null, null)), scale);
            Console.out(String.format(Locale.ROOT, "Generated %d legacy rows: %d offices, %d users, %d doctors, %d patients, %d orders",
                    n.total(), n.offices(), n.users(), n.doctors(), n.patients(), n.orders()));
            boolean rejectShown = DemoRejects.misspellOnePatient(ferry, n);
            migrations.clean();

            step("ferry migrate", "create the new schema (UUID keys), each migration in its own transaction");
            Console.out(Render.migrate(migrations.migrate(MigrateOptions.DEFAULTS)));

            step("ferry rollback --steps 2", "run the newest down scripts, newest first");
            Console.out(Render.rollback(migrations.rollback(RollbackOptions.steps(2), false)));

            step("ferry validate", "someone edits V3 after it was applied; validate catches the drift (exit code 3)");
            Path v3 = project.resolve("migrations/V3__create_doctors.sql");
            String original = Files.readString(v3);
            Files.writeString(v3, original + "ALTER TABLE doctors ADD COLUMN nickname TEXT;\n");
            Console.out(Render.validate(migrations.validate()));
            Files.writeString(v3, original);
            Console.out("(file restored)");

            step("ferry migrate --dry-run", "the exact SQL that would run, history writes included; nothing changes");
            Console.out(Render.migrate(migrations.migrate(MigrateOptions.DEFAULTS.withDryRun(true))));

            step("ferry migrate", "re-apply what was rolled back");
            Console.out(Render.migrate(migrations.migrate(MigrateOptions.DEFAULTS)));

            step("ferry status", "every migration and its state");
            Console.out(Render.status(migrations.status()));

            step("ferry drift", "someone adds an index by hand; drift replays the migrations into a scratch database and names it (exit code 3)");
            try (java.sql.Connection c = ferry.database().connect("ferry demo"); java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE INDEX patients_by_birth ON patients (date_of_birth)");
                Console.out(DriftCommand.render(ferry.schema().drift()));
                st.execute("DROP INDEX patients_by_birth");
                Console.out("(index dropped again)");
            } catch (java.sql.SQLException e) {
                throw dev.ferry.FerryException.sql("Demo drift step", e);
            }

            Transfers transfers = ferry.transfers(null, TransferProgress.forConsole());
            step("ferry transfer plan", "entities in dependency order, with row counts; nothing moves");
            PlanDescription plan = transfers.describe();
            Table t = new Table("#", "Entity", "Source", "Target", "After", "Rows", "Filtered");
            for (PlanDescription.Step s : plan.entities()) {
                t.row(s.order(), s.entity(), s.source(), s.target(), String.join(", ", s.dependsOn()), s.rowsToTransfer(), s.rowsFiltered());
            }
            Console.out(t.render());

            step("ferry transfer run", "legacy rows into the new schema: UUID keys, references and tenants rewritten, resumable");
            TransferResult result = transfers.run(TransferOptions.DEFAULTS);
            transferReport = project.resolve(".ferry/reports/" + result.runId() + "-transfer.html");
            Console.out(TransferSummary.table(result));
            if (rejectShown) {
                step("ferry transfer rejects " + result.runId(), "each rejected row: legacy key, reason, failing column and its source values");
                transfers.rejects(result.runId(), RejectFilter.ALL, r -> TransferRejectsCommand.print(r, true));
                Console.out("Fix the source row, then 'ferry transfer retry " + result.runId() + "' sends it again.");
            }

            step("ferry verify", "every row compared with what the plan makes of its source row; references, rules");
            dev.ferry.verify.VerifyResult verified = ferry.verification().transfer(null, dev.ferry.verify.VerifyLevel.STANDARD, java.util.List.of(),
                    new dev.ferry.verify.IntegrityOptions(java.util.List.of(), java.util.List.of("profiles:email"), project.resolve("rules")));
            Console.out((verified.clean() ? "Clean: " : "FAILED: ") + verified.count(dev.ferry.verify.CheckStatus.PASSED) + " checks passed, "
                    + verified.count(dev.ferry.verify.CheckStatus.FAILED) + " failed, " + verified.count(dev.ferry.verify.CheckStatus.NOT_RUN)
                    + " not run. Report: .ferry/reports/" + verified.runId() + "-verify.md");
            verified.findings().stream().filter(f -> f.status() != dev.ferry.verify.CheckStatus.PASSED)
                    .forEach(f -> Console.out("  " + f.severity().name().toLowerCase(Locale.ROOT) + ": " + f.check() + " " + f.subject() + ": " + f.message()));

            DemoProtection.show(ferry);
            step("ferry seed", "development rows from seeds/development/, upserted on their keys; unchanged files are skipped next time");
            Console.out(SeedCommand.render(ferry.seeds().apply(dev.ferry.seed.SeedOptions.DEFAULTS)));

            step("ferry history", "what ran, when, by whom, how long");
            Console.out(Render.history(migrations.history()));

            step("ferry prune --dry-run", "what ferry.yaml's retention: rules would delete (here: the logs and reports of all but the last 5 runs), and why the rest "
                    + "stays; nothing is deleted");
            dev.ferry.retention.RetentionResult pruned = ferry.retention().prune(dev.ferry.retention.PruneOptions.DRY_RUN);
            Console.out(PruneCommand.render(pruned).stripTrailing());
            Console.out(PruneCommand.summary(pruned));
        }
        Console.out("");
        Console.mute(false);
        Console.out("Done. The project stays in " + project + "; try it yourself, e.g.:");
        Console.out("  cd " + dir + " && ../ferry status && ../ferry transfer list");
        Console.out("The transfer report, with its charts, opens in any browser: " + transferReport);
        Console.out("The live dashboard of the project: cd " + dir + " && ../ferry serve   # then open http://127.0.0.1:" + ServeCommand.DEFAULT_PORT + "/");
        return ExitCodes.OK;
    }

    static void step(String command, String what) {
        Console.out("");
        Console.out("=== $ " + command + "   # " + what);
    }
}
