package dev.ferry.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.doctor.DoctorFinding;
import dev.ferry.doctor.DoctorOptions;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Ferry says about archives that are not what they should be, and which archive counts as the environment's backup. */
class ArchiveProblemsTest {
    @TempDir
    Path project;

    @Test
    void bytesAppendedToAnArchiveAreReportedAsSuchWithWhereItEnds() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            BackupRestoreTest.fill(db, 2_000);
            Path archive = ferry.backups().backup(BackupOptions.DEFAULTS).archive();
            long size = Files.size(archive);
            Files.write(archive, "some garbage that was appended".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);

            assertThatThrownBy(() -> ferry.backups().verify(archive, null)).isInstanceOf(FerryException.class)
                    .hasMessageContaining("30 byte(s) were appended after its end").hasMessageContaining("truncate the file to " + size + " bytes")
                    .hasMessageNotContaining("footer is missing");

            try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
                f.setLength(size);
            }
            assertThat(ferry.backups().verify(archive, null).ok()).isTrue();
        }
    }

    @Test
    void aTamperedEncryptedBlockNamesTheBlockOnce() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            BackupRestoreTest.fill(db, 2_000);
            char[] secret = "secret".toCharArray();
            Path archive = ferry.backups().backup(BackupOptions.DEFAULTS.withPassphrase(secret)).archive();
            try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
                f.seek(f.length() / 2);
                int b = f.read();
                f.seek(f.length() / 2);
                f.write(b ^ 1);
            }

            List<String> problems = ferry.backups().verify(archive, secret).problems();

            assertThat(String.join("\n", problems)).contains("block 0 failed authentication").doesNotContain("block 0 block 0");
        }
    }

    @Test
    void doctorDoesNotTakeABackupOfSomeTablesForTheEnvironmentsNewestBackup() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            BackupRestoreTest.fill(db, 100);
            Path whole = ferry.backups().backup(BackupOptions.DEFAULTS).archive();
            long second = Instant.now().getEpochSecond();
            while (Instant.now().getEpochSecond() == second) {
                Thread.onSpinWait();
            }
            Path some = ferry.backups().backup(BackupOptions.DEFAULTS.withTables(List.of("clinics", "visits"))).archive();
            assertThat(some.getFileName().toString()).endsWith("_tables.fbk");

            DoctorFinding backup = ferry.doctor(DoctorOptions.CHECK_ONLY).findings().stream().filter(f -> f.check().equals("backup"))
                    .findFirst().orElseThrow();

            assertThat(backup.message()).contains(whole.getFileName().toString()).doesNotContain(some.getFileName().toString());
        }
    }
}
