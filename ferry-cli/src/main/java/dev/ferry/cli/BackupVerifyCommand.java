package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.backup.ArchiveCheck;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "verify", description = "Read an archive back and check every table's SHA-256 and row count; exit 3 on a mismatch (a changed byte "
        + "of an unencrypted archive included) or a wrong passphrase, 1 when it cannot be read (truncated, a block failing decryption).")
final class BackupVerifyCommand extends EnvironmentCommand {
    @Parameters(paramLabel = "ARCHIVE", description = "The .fbk file.")
    Path archive;

    @Mixin
    PassphraseOptions passphrase;

    @Override
    protected int run(Ferry ferry) {
        char[] p = ferry.backups().encrypted(archive) ? passphrase.require("to read " + archive.getFileName()) : null;
        ArchiveCheck check = ferry.backups().verify(archive, p);
        if (json) {
            printJson(check);
        } else if (!quiet) {
            Table t = new Table("Table", "Rows", "Result");
            check.tables().forEach(c -> t.row(c.table(), c.rows(), c.status() == ArchiveCheck.Status.OK ? "ok" : c.detail()));
            Console.out(t.render());
        }
        if (check.damaged() && !check.checksumMismatch()) {
            throw new FerryException(ErrorCode.FAILURE, archive.getFileName() + " is damaged: " + String.join("; ", check.problems()));
        }
        if (!check.ok()) {
            Console.err("ferry: " + archive.getFileName() + " failed verification: " + String.join("; ", check.problems()));
            return ErrorCode.VALIDATION_FAILED.exitCode();
        }
        if (!json) {
            Console.out(archive.getFileName() + " is intact: " + check.tables().size() + " table(s), every checksum matches.");
        }
        return ExitCodes.OK;
    }
}
