package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.backup.ArchiveSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", description = "The archives in backup_dir (default backups/, or --dir), newest first, from their manifests.")
final class BackupListCommand extends EnvironmentCommand {
    @Option(names = "--dir", paramLabel = "DIR", description = "Directory to list (default: backup_dir, else backups/).")
    Path dir;

    @Mixin
    PassphraseOptions passphrase;

    @Override
    protected int run(Ferry ferry) {
        List<ArchiveSummary> archives = ferry.backups().list(dir, passphrase.fromEnvironment());
        if (json) {
            printJson(archives);
            return ExitCodes.OK;
        }
        if (archives.isEmpty()) {
            Console.out("No archives in " + (dir == null ? ferry.settings().display(ferry.settings().backupDir()) + "/" : dir) + ".");
            return ExitCodes.OK;
        }
        Table t = new Table("Archive", "Environment", "Size", "Tables", "Rows", "Schema", "Age", "Note");
        for (ArchiveSummary a : archives) {
            String note = a.problem() != null ? a.problem() : a.encrypted() ? "encrypted" : "";
            t.row(a.file().getFileName(), orDash(a.environment()), size(a.bytes()), orDash(a.tables()), orDash(a.rows()),
                    orDash(a.schemaVersion()), a.createdAt() == null ? "-" : age(a.createdAt()), note);
        }
        Console.out(t.render());
        return ExitCodes.OK;
    }

    private static String orDash(Object o) {
        return o == null ? "-" : o.toString();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        String[] units = {"KB", "MB", "GB", "TB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String age(Instant at) {
        Duration d = Duration.between(at, Instant.now());
        if (d.toMinutes() < 1) {
            return d.toSeconds() + " s";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min";
        }
        if (d.toDays() < 2) {
            return d.toHours() + " h";
        }
        return d.toDays() + " days";
    }
}
