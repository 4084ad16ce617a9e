package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.deploy.DeployOptions;
import dev.ferry.deploy.DeployReport;
import dev.ferry.deploy.DeployResult;
import dev.ferry.deploy.DeployStep;
import dev.ferry.deploy.PendingMigration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "deploy", description = "Deploy safely: preflight (connection, disk space, validate, lock, pending migrations), backup, "
        + "migrate, seed (--seed), integrity verification; stops at the first failing step and prints the restore command.")
final class DeployCommand extends MigrationCommand {
    @Option(names = "--seed", description = "Apply the environment's seed files after migrating.")
    boolean seed;

    @Option(names = "--dry-run", description = "Run the preflight only and print the plan; change nothing.")
    boolean dryRun;

    @Option(names = "--confirm", paramLabel = "NAME", description = "The environment's name; needed for a protected environment "
            + "(on a terminal you can type it instead).")
    String confirm;

    @Option(names = "--skip-backup", description = "Do not back up first. Refused on a protected environment.")
    boolean skipBackup;

    @Override
    protected int run(Ferry ferry) {
        String name = ferry.settings().name();
        String confirmation = confirm;
        if (confirmation == null && !dryRun && !skipBackup && ferry.settings().protectedEnvironment()) {
            confirmation = Console.ask("'" + name + "' is protected. Deploying backs it up, migrates"
                    + (seed ? ", seeds" : "") + " and verifies it. Type the environment's name to go on: ");
            confirmation = confirmation == null || confirmation.isBlank() ? null : confirmation.strip();
        }
        DeployResult r = ferry.deploy(new DeployOptions(seed, dryRun, confirmation, skipBackup));
        if (json) {
            printJson(r);
        } else {
            print(r);
        }
        return r.exitCode();
    }

    private void print(DeployResult r) {
        if (!quiet) {
            Table t = new Table("Step", "Status", "Time", "Details");
            for (DeployStep s : r.steps()) {
                t.row(s.name(), DeployReport.status(s.status()), s.startedAt() == null ? "" : DeployReport.seconds(s.durationMs()),
                        s.detail() == null ? "" : s.detail().replace('\n', ' '));
            }
            Console.out(t.render());
        }
        if (r.dryRun()) {
            if (!r.pending().isEmpty()) {
                Console.out("Pending migrations:");
                for (PendingMigration m : r.pending()) {
                    Console.out("  " + (m.version() == null ? "" : m.version() + "  ") + m.script());
                }
            }
            Console.out(r.succeeded() ? "Dry run of the deploy to '" + r.environment() + "': the preflight passed; the plan is above. "
                    + "Nothing was changed." : "Dry run of the deploy to '" + r.environment() + "': the preflight failed. Nothing was changed.");
        } else if (r.succeeded()) {
            Console.out("Deployed '" + r.environment() + "' in " + String.format(Locale.ROOT, "%.1f s", r.durationMs() / 1000.0)
                    + " (run " + r.runId() + ")." + (r.restoreCommand() == null ? "" : " To go back: " + r.restoreCommand()));
        } else {
            Console.out("The deploy to '" + r.environment() + "' stopped at " + r.failedStep().name() + " (run " + r.runId() + ").");
        }
        if (r.error() != null) {
            Console.err("ferry: " + r.error());
        }
        if (!r.succeeded() && r.restoreCommand() != null) {
            Console.out("To put the data back as the backup " + r.backupArchive().getFileName() + " holds it:\n  " + r.restoreCommand());
            if (r.restoreNote() != null) {
                Console.out(r.restoreNote());
            }
        }
        if (!r.reports().isEmpty() && !quiet) {
            Console.out("Report: " + r.reports().get(0));
        }
    }
}
