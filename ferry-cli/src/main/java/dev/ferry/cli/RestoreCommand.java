package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.backup.RestoreOptions;
import dev.ferry.backup.RestoreResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", description = "Restore tables from an archive: verified first, confirmed, the replaced tables backed up, then loaded and checked.")
final class RestoreCommand extends MigrationCommand {
    @Parameters(paramLabel = "ARCHIVE", description = "The .fbk file (see 'ferry backup list').")
    Path archive;

    @Option(names = "--tables", split = ",", paramLabel = "TABLE", description = "Only these tables of the archive.")
    List<String> tables = List.of();

    @Option(names = "--into", paramLabel = "ENV", description = "Restore into another environment (a restore drill); missing tables are created.")
    String into;

    @Option(names = "--dry-run", description = "Say what would happen; change nothing.")
    boolean dryRun;

    @Option(names = "--confirm", description = "Confirm replacing the tables' rows (otherwise type the environment's name at the prompt).")
    boolean confirm;

    @Option(names = "--allow-protected", description = "Allow restoring into an environment marked protected (with --confirm).")
    boolean allowProtected;

    @Option(names = "--allow-other-environment", description = "Allow restoring an archive of another environment into the one named with -e.")
    boolean allowOtherEnvironment;

    @Option(names = "--force", description = "Restore although the archive's schema version differs from the database's.")
    boolean force;

    @Option(names = "--parallel", paramLabel = "N", description = "Tables loaded at once on PostgreSQL when every table is new "
            + "(--into an empty environment); default: one per core, at least 2; 1 loads them one by one.")
    int parallel;

    @Mixin
    PassphraseOptions passphrase;

    @Override
    protected int run(Ferry ferry) {
        if (allowOtherEnvironment && project.environment == null) {
            throw dev.ferry.FerryException.invalidInput("--allow-other-environment needs the target named explicitly: add -e ENV");
        }
        char[] p = ferry.backups().encrypted(archive) ? passphrase.require("to read " + archive.getFileName()) : null;
        String target = into == null ? ferry.settings().name() : into;
        boolean confirmed = confirm;
        if (!confirmed && !dryRun) {
            String typed = Console.ask("Restoring " + archive.getFileName() + " replaces the rows of its tables in '" + target
                    + "'. Type the environment's name to go on: ");
            confirmed = typed != null && typed.strip().equals(target);
        }
        // The safety backup is the environment's own backup: encrypted as 'ferry backup --encrypt' would, never with the passphrase
        // that merely opened this archive.
        char[] safety = PassphraseOptions.backupPassphrase();
        RestoreResult r;
        try (CommandProgress progress = CommandProgress.start("restore", logs(ferry), json || quiet)) {
            r = ferry.backups().restore(new RestoreOptions(archive, tables, into, dryRun, confirmed, allowProtected,
                    allowOtherEnvironment, force, p, safety, parallel));
        }
        if (json) {
            printJson(r);
            return ExitCodes.OK;
        }
        Table t = new Table("Table", "Action", "Rows before", r.dryRun() ? "Rows in archive" : "Rows restored");
        r.tables().forEach(x -> t.row(x.table(), x.action(), x.rowsBefore() == null ? "-" : x.rowsBefore(), x.rowsRestored()));
        if (!quiet) {
            Console.out(t.render());
        }
        if (quiet && !r.dryRun()) {
            Console.out("Restored " + r.rows() + " rows into " + r.tables().size() + " table(s) of '" + r.environment() + "'"
                    + (r.safetyBackup() == null ? "" : "; replaced tables backed up to " + r.safetyBackup() + safetyProtection(r)));
        } else if (r.dryRun()) {
            Console.out("Dry run: would verify " + archive.getFileName() + ", back up the replaced tables of '" + r.environment()
                    + "', then restore " + r.rows() + " rows into " + r.tables().size() + " table(s). Nothing was changed.");
        } else {
            Console.out("Restored " + r.rows() + " rows into " + r.tables().size() + " table(s) of '" + r.environment() + "' in "
                    + String.format(Locale.ROOT, "%.1f s", r.durationMs() / 1000.0) + "; row counts and checksums match the archive.");
            if (!r.objects().isEmpty()) {
                Console.out("Created " + r.objects().size() + " other object(s) the target lacked: " + String.join(", ", r.objects()));
            }
            Console.out(r.safetyBackup() == null ? "No existing table was replaced, so no safety backup was needed."
                    : "The replaced tables were backed up first to " + r.safetyBackup() + safetyProtection(r));
        }
        if (!quiet) {
            Console.out("Schema history: " + r.history());
        }
        return ExitCodes.OK;
    }

    private static String safetyProtection(RestoreResult r) {
        return r.safetyEncrypted() ? " (encrypted with the backup passphrase in " + PassphraseOptions.BACKUP_VARIABLE + ")"
                : " (not encrypted: " + PassphraseOptions.BACKUP_VARIABLE + " is not set)";
    }
}
