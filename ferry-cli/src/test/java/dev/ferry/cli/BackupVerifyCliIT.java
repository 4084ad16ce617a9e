package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'ferry backup verify' through the real jar: a changed byte is a failed verification (exit 3). */
class BackupVerifyCliIT {
    @TempDir
    Path project;

    @Test
    void aChangedByteInAnArchiveExitsThreeAsAFailedVerification() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + db.url() + "\n    user: " + db.user() + "\n");
            db.exec("CREATE TABLE t (id INT PRIMARY KEY, note TEXT)",
                    "INSERT INTO t SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 5000) g");
            assertThat(CliProcess.run(project, Map.of(), "backup", "-q").exitCode()).isZero();
            Path archive;
            try (Stream<Path> s = Files.list(project.resolve("backups"))) {
                archive = s.filter(f -> f.toString().endsWith(".fbk")).findFirst().orElseThrow();
            }
            try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
                f.seek(f.length() / 3);
                int b = f.read();
                f.seek(f.length() / 3);
                f.write(b ^ 0x10);
            }

            CliProcess.Result verify = CliProcess.run(project, Map.of(), "backup", "verify", archive.toString());

            assertThat(verify.exitCode()).as(verify.all()).isEqualTo(3);
            assertThat(verify.stderr()).contains("failed verification").contains("SHA-256 differs");
        }
    }
}
