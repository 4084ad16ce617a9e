package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.run.Json;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ferry backup and restore as separate processes: kill -9 midway, refusals and exit codes. */
class BackupCliIT {
    @TempDir
    Path project;

    private CliProcess.Result ferry(Map<String, String> env, String... args) throws Exception {
        return CliProcess.run(project, env, args);
    }

    private void projectFor(TestDatabase db) {
        write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + db.url() + "\n    user: " + db.user() + "\n");
    }

    @Test
    void anArchiveOfAnotherEnvironmentIsRestoredOnlyIntoATargetNamedExplicitly() throws Exception {
        try (TestDatabase dev = TestServer.embeddedPostgres().create(); TestDatabase staging = TestServer.embeddedPostgres().create()) {
            write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + dev.url() + "\n    user: " + dev.user() + "\n"
                    + "  staging:\n    url: " + staging.url() + "\n    user: " + staging.user() + "\n");
            dev.exec("CREATE TABLE t (id INT PRIMARY KEY, who TEXT)", "INSERT INTO t VALUES (1, 'development')");
            staging.exec("CREATE TABLE t (id INT PRIMARY KEY, who TEXT)", "INSERT INTO t VALUES (1, 'staging'), (2, 'staging')");
            assertThat(ferry(Map.of(), "backup", "-e", "staging", "-q").exitCode()).isZero();
            String archive = Files.list(project.resolve("backups")).filter(f -> f.toString().endsWith(".fbk")).findFirst().orElseThrow().toString();

            CliProcess.Result refused = ferry(Map.of(), "restore", archive, "--confirm");
            assertThat(refused.exitCode()).as(refused.all()).isEqualTo(5);
            assertThat(refused.stderr()).contains("into 'development'").contains("a backup of 'staging'").contains("--allow-other-environment");
            CliProcess.Result unnamed = ferry(Map.of(), "restore", archive, "--confirm", "--allow-other-environment");
            assertThat(unnamed.exitCode()).as(unnamed.all()).isEqualTo(2);
            assertThat(unnamed.stderr()).contains("-e ENV");
            assertThat(whoIn(dev)).isEqualTo("development");

            CliProcess.Result named = ferry(Map.of(), "restore", archive, "--confirm", "-e", "development", "--allow-other-environment");
            assertThat(named.exitCode()).as(named.all()).isZero();
            assertThat(whoIn(dev)).isEqualTo("staging,staging");
        }
    }

    @Test
    void aWholeDatabaseArchiveRestoresIntoAnEmptyEnvironmentWithItsTypesViewsAndTriggers() throws Exception {
        try (TestDatabase dev = TestServer.embeddedPostgres().create(); TestDatabase drill = TestServer.embeddedPostgres().create()) {
            write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + dev.url() + "\n    user: " + dev.user() + "\n"
                    + "  drill:\n    url: " + drill.url() + "\n    user: " + drill.user() + "\n");
            dev.exec("CREATE DOMAIN year AS INT CHECK (VALUE > 1900)", "CREATE TYPE mood AS ENUM ('low', 'high')",
                    "CREATE TABLE t (id INT PRIMARY KEY, who TEXT, born year, feeling mood)",
                    "CREATE VIEW happy AS SELECT id, who FROM t WHERE feeling = 'high'",
                    "INSERT INTO t VALUES (1, 'ann', 1990, 'high'), (2, 'bob', 1980, 'low')",
                    "CREATE FUNCTION shout() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.who := upper(NEW.who); RETURN NEW; END $$",
                    "CREATE TRIGGER t_shout BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION shout()",
                    "CREATE TABLE visit (id INT PRIMARY KEY, t_id INT REFERENCES t)", "INSERT INTO visit VALUES (10, 1), (20, 2)");
            assertThat(ferry(Map.of(), "backup", "-q").exitCode()).isZero();
            String archive = Files.list(project.resolve("backups")).filter(f -> f.toString().endsWith(".fbk")).findFirst().orElseThrow().toString();

            CliProcess.Result restored = ferry(Map.of(), "restore", archive, "--into", "drill", "--confirm", "--parallel", "2");
            assertThat(restored.exitCode()).as(restored.all()).isZero();
            assertThat(restored.stdout()).contains("Created 5 other object(s)").contains("domain public.year").contains("view public.happy")
                    .contains("trigger public.t.t_shout");
            drill.exec("INSERT INTO t VALUES (3, 'cy', 2000, 'high')");
            try (Connection c = drill.database().connect("test"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT string_agg(who, ',' ORDER BY id) FROM happy")) {
                rs.next();
                assertThat(rs.getString(1)).as("rows as archived, the trigger on again for new ones").isEqualTo("ann,CY");
            }
            assertThatThrownBy(() -> drill.exec("INSERT INTO visit VALUES (30, 99)")).as("the foreign key added after the parallel load")
                    .isInstanceOf(java.sql.SQLException.class);
        }
    }

    private static String whoIn(TestDatabase db) throws Exception {
        return whoIn(db, "who");
    }

    @Test
    void aBackupKilledMidwayLeavesNoArchiveThatClaimsToBeComplete() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            projectFor(db);
            db.exec("CREATE TABLE big AS SELECT g AS id, md5(g::text) || md5((g * 7)::text) || repeat('y', g % 50) AS payload "
                    + "FROM generate_series(1, 1500000) g");
            Process p = CliProcess.start(project, Map.of(), "backup", "--parallel", "1");
            Path backups = project.resolve("backups");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (partialBytes(backups) < 5_000_000) {
                assertThat(p.isAlive()).as("the backup was still running when it was to be killed").isTrue();
                assertThat(System.nanoTime()).as("the backup wrote 5 MB within 120 s").isLessThan(deadline);
                Thread.sleep(5);
            }
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(files(backups)).noneMatch(f -> f.endsWith(".fbk"));
            CliProcess.Result list = ferry(Map.of(), "backup", "list");
            assertThat(list.stdout()).contains("No archives");

            CliProcess.Result again = ferry(Map.of(), "backup", "-q");
            assertThat(again.exitCode()).as(again.all()).isZero();
            Path archive = Files.list(backups).filter(f -> f.toString().endsWith(".fbk")).findFirst().orElseThrow();
            assertThat(ferry(Map.of(), "backup", "verify", archive.toString()).exitCode()).isZero();
        }
    }

    @Test
    void restoreWithoutConfirmationExitsFiveAndChangesNothing() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            projectFor(db);
            db.exec("CREATE TABLE t (id INT PRIMARY KEY, v TEXT)", "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 100) g");
            CliProcess.Result backup = ferry(Map.of(), "backup", "--json");
            assertThat(backup.exitCode()).as(backup.all()).isZero();
            Path archive = Files.list(project.resolve("backups")).findFirst().orElseThrow();
            db.exec("DELETE FROM t WHERE id > 50");

            CliProcess.Result refused = ferry(Map.of(), "restore", archive.toString());
            assertThat(refused.exitCode()).as(refused.all()).isEqualTo(5);
            assertThat(refused.stderr()).contains("without confirmation");
            assertThat(count(db)).isEqualTo(50);
            assertThat(files(project.resolve("backups"))).hasSize(1);

            CliProcess.Result done = ferry(Map.of(), "restore", archive.toString(), "--confirm");
            assertThat(done.exitCode()).as(done.all()).isZero();
            assertThat(done.stdout()).contains("backed up first to");
            assertThat(count(db)).isEqualTo(100);
        }
    }

    @Test
    void encryptedArchiveWithAFlippedByteOrTheWrongPassphraseIsRefused() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            projectFor(db);
            db.exec("CREATE TABLE t (id INT PRIMARY KEY, v TEXT)", "INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 20000) g");
            Map<String, String> secret = Map.of("FERRY_BACKUP_PASSPHRASE", "right");
            assertThat(ferry(secret, "backup", "--encrypt", "-q").exitCode()).isZero();
            Path archive = Files.list(project.resolve("backups")).findFirst().orElseThrow();
            assertThat(ferry(secret, "backup", "verify", archive.toString()).exitCode()).isZero();

            CliProcess.Result wrong = ferry(Map.of("FERRY_BACKUP_PASSPHRASE", "wrong"), "backup", "verify", archive.toString());
            assertThat(wrong.exitCode()).as("a passphrase that does not verify").isEqualTo(3);
            assertThat(wrong.stderr()).contains("Wrong passphrase");
            CliProcess.Result none = ferry(Map.of(), "restore", archive.toString(), "--confirm");
            assertThat(none.exitCode()).isEqualTo(2);
            assertThat(none.stderr()).contains("FERRY_BACKUP_PASSPHRASE");

            try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
                f.seek(f.length() / 2);
                int b = f.read();
                f.seek(f.length() / 2);
                f.write(b ^ 1);
            }
            CliProcess.Result verify = ferry(secret, "backup", "verify", archive.toString());
            assertThat(verify.exitCode()).isEqualTo(1);
            assertThat(verify.stderr()).contains("failed authentication");
            db.exec("DELETE FROM t");
            CliProcess.Result restore = ferry(secret, "restore", archive.toString(), "--confirm");
            assertThat(restore.exitCode()).isEqualTo(1);
            assertThat(restore.stderr()).contains("nothing was restored");
            assertThat(count(db)).isZero();
        }
    }

    @Test
    void aDrillRecordsTheSchemaHistoryAndTheSafetyBackupIsNeverEncryptedWithTheArchivesPassphrase() throws Exception {
        try (TestDatabase dev = TestServer.embeddedPostgres().create(); TestDatabase drill = TestServer.embeddedPostgres().create()) {
            write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + dev.url() + "\n    user: " + dev.user() + "\n"
                    + "  drill:\n    url: " + drill.url() + "\n    user: " + drill.user() + "\n");
            write(project.resolve("migrations/V1__t.sql"), "CREATE TABLE t (id INT PRIMARY KEY, v TEXT);\nINSERT INTO t VALUES (1, 'a'), (2, 'b');\n");
            assertThat(ferry(Map.of(), "migrate", "-q").exitCode()).isZero();
            assertThat(ferry(Map.of("FERRY_BACKUP_PASSPHRASE", "archive-key"), "backup", "--encrypt", "-q").exitCode()).isZero();
            String archive = Files.list(project.resolve("backups")).findFirst().orElseThrow().toString();
            Map<String, String> reader = Map.of("ARCHIVE_KEY", "archive-key");

            CliProcess.Result intoDrill = ferry(reader, "restore", archive, "--into", "drill", "--confirm", "--passphrase-env", "ARCHIVE_KEY");
            assertThat(intoDrill.exitCode()).as(intoDrill.all()).isZero();
            assertThat(intoDrill.stdout()).contains("Schema history: recorded the schema history of 'drill' at version 1");
            CliProcess.Result status = ferry(Map.of(), "status", "-e", "drill", "--json");
            assertThat(status.exitCode()).as(status.all()).isZero();
            assertThat(Json.mapper().readTree(status.stdout()).get("schemaVersion").asText()).isEqualTo("1");
            assertThat(ferry(Map.of(), "migrate", "-e", "drill").exitCode()).as("nothing to migrate on the drill").isZero();
            assertThat(whoIn(drill, "v")).isEqualTo("a,b");

            // The passphrase that opened the archive does not protect the safety backup: the environment's backup passphrase does.
            CliProcess.Result plain = ferry(reader, "restore", archive, "--confirm", "--passphrase-env", "ARCHIVE_KEY", "--json");
            assertThat(plain.exitCode()).as(plain.all()).isZero();
            String written = Json.mapper().readTree(plain.stdout()).get("safetyBackup").asText();
            Path safety = written.startsWith("file:") ? Path.of(java.net.URI.create(written)) : Path.of(written);
            assertThat(ferry(Map.of(), "backup", "verify", safety.toString()).exitCode()).as("readable without any passphrase").isZero();
            CliProcess.Result printed = ferry(reader, "restore", archive, "--confirm", "--passphrase-env", "ARCHIVE_KEY");
            assertThat(printed.stdout()).contains("(not encrypted: FERRY_BACKUP_PASSPHRASE is not set)");

            Map<String, String> both = Map.of("ARCHIVE_KEY", "archive-key", "FERRY_BACKUP_PASSPHRASE", "environment-key");
            CliProcess.Result encrypted = ferry(both, "restore", archive, "--confirm", "--passphrase-env", "ARCHIVE_KEY");
            assertThat(encrypted.exitCode()).as(encrypted.all()).isZero();
            assertThat(encrypted.stdout()).contains("(encrypted with the backup passphrase in FERRY_BACKUP_PASSPHRASE)");
            String second = encrypted.stdout().replaceAll("(?s).*backed up first to (\\S+) .*", "$1");
            assertThat(ferry(Map.of("FERRY_BACKUP_PASSPHRASE", "environment-key"), "backup", "verify", second).exitCode()).isZero();
            assertThat(ferry(Map.of("FERRY_BACKUP_PASSPHRASE", "archive-key"), "backup", "verify", second).exitCode()).as("a wrong passphrase fails verification").isEqualTo(3);
        }
    }

    private static String whoIn(TestDatabase db, String column) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT string_agg(" + column + ", ',' ORDER BY id) FROM t")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long partialBytes(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".partial")).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).toList();
        }
    }

    private static long count(TestDatabase db) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
