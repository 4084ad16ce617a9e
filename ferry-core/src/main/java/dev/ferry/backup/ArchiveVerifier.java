package dev.ferry.backup;

import dev.ferry.FerryException;
import dev.ferry.db.CopyTextHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Reads every table of an archive back, as a restore would, without a database. */
final class ArchiveVerifier {
    private ArchiveVerifier() {
    }

    /**
     * The file's SHA-256 is read on a second thread while the tables are decoded: the two passes
     * over the bytes are independent, and on two cores the check then takes the longer of them.
     */
    static ArchiveCheck check(ArchiveReader reader) {
        BackupManifest m = reader.manifest();
        CompletableFuture<Boolean> file = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.fileChecksumMatches();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        List<ArchiveCheck.TableCheck> tables = checkTables(reader, m.tables());
        boolean fileOk;
        try {
            fileOk = file.join();
        } catch (CompletionException e) {
            throw ArchiveReader.damaged(reader.file(), e.getCause().getMessage());
        }
        return new ArchiveCheck(reader.file(), m.environment(), m.createdAt(), reader.encrypted(), fileOk, tables);
    }

    /** Decodes the tables' streams and compares their SHA-256 and row counts with the manifest. */
    static List<ArchiveCheck.TableCheck> checkTables(ArchiveReader reader, List<BackupManifest.Table> chosen) {
        List<ArchiveCheck.TableCheck> tables = new ArrayList<>();
        byte[] buf = new byte[1 << 16];
        for (BackupManifest.Table t : chosen) {
            long rows = 0;
            try (InputStream in = reader.table(t)) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    rows += CopyTextHash.newlines(buf, 0, n);
                }
                tables.add(rows == t.rows() ? new ArchiveCheck.TableCheck(t.qualifiedName(), rows, ArchiveCheck.Status.OK, null)
                        : new ArchiveCheck.TableCheck(t.qualifiedName(), rows, ArchiveCheck.Status.ROW_COUNT_MISMATCH,
                        rows + " rows where the manifest says " + t.rows()));
            } catch (ArchiveReader.ChecksumMismatch e) {
                tables.add(new ArchiveCheck.TableCheck(t.qualifiedName(), rows, ArchiveCheck.Status.CHECKSUM_MISMATCH, e.getMessage()));
            } catch (FerryException | IOException e) {
                tables.add(new ArchiveCheck.TableCheck(t.qualifiedName(), rows, ArchiveCheck.Status.DAMAGED, e.getMessage()));
            }
        }
        return tables;
    }
}
