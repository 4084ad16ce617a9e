package dev.ferry.backup;

import dev.ferry.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Reads every table of an archive back, as a restore would, without a database. */
final class ArchiveVerifier {
    private ArchiveVerifier() {
    }

    static ArchiveCheck check(ArchiveReader reader) {
        BackupManifest m = reader.manifest();
        boolean fileOk;
        try {
            fileOk = reader.fileChecksumMatches();
        } catch (IOException e) {
            throw ArchiveReader.damaged(reader.file(), e.getMessage());
        }
        return new ArchiveCheck(reader.file(), m.environment(), m.createdAt(), reader.encrypted(), fileOk, checkTables(reader, m.tables()));
    }

    /** Decodes the tables' streams and compares their SHA-256 and row counts with the manifest. */
    static List<ArchiveCheck.TableCheck> checkTables(ArchiveReader reader, List<BackupManifest.Table> chosen) {
        List<ArchiveCheck.TableCheck> tables = new ArrayList<>();
        byte[] buf = new byte[1 << 16];
        for (BackupManifest.Table t : chosen) {
            long rows = 0;
            try (InputStream in = reader.table(t)) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            rows++;
                        }
                    }
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
