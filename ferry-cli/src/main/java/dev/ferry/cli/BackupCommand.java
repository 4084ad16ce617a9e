package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.backup.BackupOptions;
import dev.ferry.backup.BackupResult;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "backup", description = "Back up tables from one consistent snapshot into one compressed archive in the backup_dir of ferry.yaml (default backups/).",
        subcommands = {BackupListCommand.class, BackupVerifyCommand.class})
final class BackupCommand extends MigrationCommand {
    @Option(names = "--tables", split = ",", paramLabel = "TABLE", description = "Only these tables (table or schema.table).")
    List<String> tables = List.of();

    @Option(names = "--schema", description = "Every table of this schema (default: the environment's managed schemas).")
    String schema;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for the archive (default: backup_dir, else backups/).")
    Path out;

    @Option(names = "--encrypt", description = "Encrypt the archive (AES-256-GCM) with a passphrase from --passphrase-env or the prompt.")
    boolean encrypt;

    @Option(names = "--parallel", paramLabel = "N", description = "Tables dumped at once on PostgreSQL (default: one per core, up to 4).")
    int parallel;

    @Mixin
    PassphraseOptions passphrase;

    @Override
    protected int run(Ferry ferry) {
        if (!tables.isEmpty() && schema != null) {
            throw FerryException.invalidInput("Give either --tables or --schema, not both");
        }
        BackupOptions options = BackupOptions.DEFAULTS.withTables(tables).withSchema(schema).withOutDir(out).withParallelism(parallel)
                .withPassphrase(encrypt ? passphrase.require("to encrypt the backup") : null);
        BackupResult r;
        try (CommandProgress progress = CommandProgress.start("backup", logs(ferry), json || quiet)) {
            r = ferry.backups().backup(options);
        }
        if (json) {
            printJson(r);
        } else {
            print(r, quiet);
        }
        return ExitCodes.OK;
    }

    static void print(BackupResult r, boolean quiet) {
        if (!quiet) {
            Table t = new Table("Table", "Rows", "Data");
            r.tables().forEach(s -> t.row(s.table(), s.rows(), BackupListCommand.size(s.bytes())));
            Console.out(t.render());
        }
        Console.out("Backed up " + r.tables().size() + " table(s), " + r.rows() + " rows of '" + r.environment() + "' into "
                + r.archive() + " (" + BackupListCommand.size(r.archiveBytes()) + (r.encrypted() ? ", encrypted" : "") + ") in "
                + String.format(java.util.Locale.ROOT, "%.1f s", r.durationMs() / 1000.0)
                + (r.schemaVersion() == null ? "" : "; schema version " + r.schemaVersion()));
    }
}
