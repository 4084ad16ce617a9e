package dev.ferry.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.config.ConfigOverrides;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.migration.MigrateOptions;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Backups and restores against real databases: round trips, damaged archives and the safety refusals. */
class BackupRestoreTest {
    private static final List<String> TABLES = List.of("clinics", "visits", "notes");

    @TempDir
    Path project;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void restoreBringsDamagedTablesBackExactly(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            fill(db, 70_000);
            String before = fingerprints(db);
            BackupResult backup = ferry.backups().backup(BackupOptions.DEFAULTS);

            assertThat(backup.archive().getFileName().toString()).matches("test_\\d{8}T\\d{6}Z\\.fbk");
            assertThat(backup.archive().getParent()).isEqualTo(project.resolve("backups"));
            assertThat(backup.tables()).extracting(t -> t.table().replaceAll("^.*\\.", "")).containsExactlyInAnyOrderElementsOf(TABLES);
            assertThat(backup.rows()).isEqualTo(70_000 + 3 + 2);
            assertThat(ferry.backups().verify(backup.archive(), null).ok()).isTrue();
            assertThat(ferry.backups().list(null, null)).singleElement().satisfies(s -> {
                assertThat(s.rows()).isEqualTo(backup.rows());
                assertThat(s.tables()).isEqualTo(3);
            });

            exec(db, "DELETE FROM visits WHERE id % 7 = 0", "UPDATE notes SET body = 'changed' WHERE id < 100",
                    "DELETE FROM notes WHERE id > 60000", "INSERT INTO clinics (id, name) VALUES (99, 'new')");
            assertThat(fingerprints(db)).isNotEqualTo(before);

            RestoreResult restored = ferry.backups().restore(RestoreOptions.of(backup.archive()).withConfirmed(true));

            assertThat(fingerprints(db)).isEqualTo(before);
            assertThat(restored.rows()).isEqualTo(backup.rows());
            assertThat(restored.safetyBackup()).exists().isNotEqualTo(backup.archive());
            assertThat(ferry.backups().verify(restored.safetyBackup(), null).ok()).isTrue();
            exec(db, "INSERT INTO notes (visit_id, body) VALUES (1, 'after restore')");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void encryptedArchiveRoundTripsAndRefusesAWrongPassphrase(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            fill(db, 500);
            String before = fingerprints(db);
            char[] secret = "correct horse battery staple".toCharArray();
            BackupResult backup = ferry.backups().backup(BackupOptions.DEFAULTS.withPassphrase(secret));
            assertThat(Files.readString(backup.archive(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("clinic number");

            assertThatThrownBy(() -> ferry.backups().verify(backup.archive(), "wrong".toCharArray()))
                    .isInstanceOf(FerryException.class).hasMessageContaining("Wrong passphrase").hasMessageContaining("FERRY_BACKUP_PASSPHRASE")
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
            assertThatThrownBy(() -> ferry.backups().restore(RestoreOptions.of(backup.archive()).withConfirmed(true)
                    .withPassphrase("wrong".toCharArray()))).hasMessageContaining("Wrong passphrase")
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
            assertThat(ferry.backups().list(null, null)).singleElement().satisfies(s -> assertThat(s.encrypted()).isTrue());

            exec(db, "DELETE FROM notes");
            ferry.backups().restore(RestoreOptions.of(backup.archive()).withConfirmed(true).withPassphrase(secret));
            assertThat(fingerprints(db)).isEqualTo(before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aFlippedByteIsCaughtByVerifyAndRestoreChangesNothing(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            fill(db, 20_000);
            for (char[] passphrase : new char[][] {null, "pass".toCharArray()}) {
                Path archive = ferry.backups().backup(BackupOptions.DEFAULTS.withPassphrase(passphrase)).archive();
                try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
                    flipAByteAThirdIn(f);
                }
                assertThat(ferry.backups().verify(archive, passphrase).ok()).isFalse();
                exec(db, "DELETE FROM notes WHERE id < 10");
                String damaged = fingerprints(db);
                assertThatThrownBy(() -> ferry.backups().restore(RestoreOptions.of(archive).withConfirmed(true).withPassphrase(passphrase)))
                        .isInstanceOf(FerryException.class).hasMessageContaining("nothing was restored")
                        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.FAILURE));
                assertThat(fingerprints(db)).isEqualTo(damaged);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aDamagedBlockBehindAValidFileChecksumIsCaughtDuringTheRestoreAndNothingIsCommitted(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            fill(db, 20_000);
            Path archive = ferry.backups().backup(BackupOptions.DEFAULTS).archive();
            try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
                flipAByteAThirdIn(f);
                rewriteFileChecksum(f); // as if the archive had been written inconsistent: only its blocks tell
            }
            ArchiveCheck check = ferry.backups().verify(archive, null);
            assertThat(check.fileChecksumOk()).isTrue();
            List<String> damaged = check.tables().stream().filter(t -> t.status() != ArchiveCheck.Status.OK).map(ArchiveCheck.TableCheck::table).toList();
            assertThat(damaged).hasSize(1);
            String intact = check.tables().stream().map(ArchiveCheck.TableCheck::table).filter(t -> !damaged.contains(t)).findFirst().orElseThrow();
            exec(db, "DELETE FROM notes WHERE id < 10", "DELETE FROM visits WHERE note IS NULL");
            String before = fingerprints(db);

            for (String table : List.of(damaged.get(0), intact)) {
                assertThatThrownBy(() -> ferry.backups().restore(RestoreOptions.of(archive).withConfirmed(true).withTables(List.of(table))))
                        .as("restoring %s", table).isInstanceOf(FerryException.class)
                        .hasMessageContaining("failed verification, so nothing was restored").hasMessageContaining(damaged.get(0))
                        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.FAILURE));
                assertThat(fingerprints(db)).isEqualTo(before);
            }
        }
    }

    /** Changes one bit of the byte a third into the file: inside the blocks of the largest table. */
    static void flipAByteAThirdIn(RandomAccessFile f) throws Exception {
        long at = f.length() / 3;
        f.seek(at);
        int b = f.read();
        f.seek(at);
        f.write(b ^ 0x10);
    }

    /** Writes the SHA-256 of everything before the footer into the footer, after its 8-byte manifest offset. */
    static void rewriteFileChecksum(RandomAccessFile f) throws Exception {
        long footerStart = f.length() - ArchiveFormat.FOOTER;
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        f.seek(0);
        for (long left = footerStart; left > 0; ) {
            int n = f.read(buf, 0, (int) Math.min(buf.length, left));
            md.update(buf, 0, n);
            left -= n;
        }
        f.seek(footerStart + 8);
        f.write(md.digest());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aTruncatedArchiveIsRefused(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            fill(db, 2_000);
            Path archive = ferry.backups().backup(BackupOptions.DEFAULTS).archive();
            try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
                f.setLength(f.length() - 100);
            }
            assertThatThrownBy(() -> ferry.backups().verify(archive, null)).hasMessageContaining("truncated");
            assertThatThrownBy(() -> ferry.backups().restore(RestoreOptions.of(archive).withConfirmed(true)))
                    .hasMessageContaining("truncated")
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.FAILURE));
            assertThat(ferry.backups().list(null, null)).singleElement().satisfies(s -> assertThat(s.problem()).contains("truncated"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void restoreNeedsConfirmationAndAllowProtectedOnAProtectedEnvironment(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            EnvironmentSettings plain = Projects.settings(project, db);
            EnvironmentSettings guarded = new EnvironmentSettings("production", plain.url(), plain.user(), plain.password(), true,
                    plain.connectTimeout(), plain.locations(), plain.layout(), plain.schemas(), plain.historyTable(), plain.placeholders(),
                    plain.placeholderReplacement(), plain.lockTimeout(), plain.outOfOrder(), project);
            fill(db, 300);
            try (Ferry ferry = Ferry.of(guarded)) {
                Path archive = ferry.backups().backup(BackupOptions.DEFAULTS).archive();
                exec(db, "DELETE FROM notes");
                String damaged = fingerprints(db);
                assertThatThrownBy(() -> ferry.backups().restore(RestoreOptions.of(archive)))
                        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY));
                assertThatThrownBy(() -> ferry.backups().restore(RestoreOptions.of(archive).withConfirmed(true)))
                        .hasMessageContaining("protected").hasMessageContaining("--allow-protected")
                        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY));
                assertThat(fingerprints(db)).isEqualTo(damaged);
                RestoreResult dry = ferry.backups().restore(RestoreOptions.of(archive).withDryRun(true));
                assertThat(dry.dryRun()).isTrue();
                assertThat(dry.tables()).anySatisfy(t -> assertThat(t.rowsBefore()).isZero());
                assertThat(fingerprints(db)).isEqualTo(damaged);
                ferry.backups().restore(RestoreOptions.of(archive).withConfirmed(true).withAllowProtected(true));
                assertThat(count(db, "SELECT COUNT(*) FROM notes")).isEqualTo(300);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aSchemaVersionMismatchIsRefusedUnlessForced(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            Projects.write(project.resolve("migrations/V1__clinics.sql"), "CREATE TABLE clinics (id INT PRIMARY KEY, name VARCHAR(40));\n"
                    + "INSERT INTO clinics VALUES (1, 'one'), (2, 'two');\n");
            ferry.migrations().migrate(MigrateOptions.DEFAULTS);
            BackupResult backup = ferry.backups().backup(BackupOptions.DEFAULTS);
            assertThat(backup.schemaVersion()).isEqualTo("1");
            assertThat(backup.tables()).extracting(BackupResult.TableSummary::table).noneMatch(t -> t.contains("ferry_schema_history"));
            Projects.write(project.resolve("migrations/V2__more.sql"), "ALTER TABLE clinics ADD COLUMN city VARCHAR(40);\n");
            ferry.migrations().migrate(MigrateOptions.DEFAULTS);
            exec(db, "DELETE FROM clinics");

            assertThatThrownBy(() -> ferry.backups().restore(RestoreOptions.of(backup.archive()).withConfirmed(true)))
                    .hasMessageContaining("schema version 1").hasMessageContaining("version 2").hasMessageContaining("--force")
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY));
            assertThat(count(db, "SELECT COUNT(*) FROM clinics")).isZero();
            ferry.backups().restore(RestoreOptions.of(backup.archive()).withConfirmed(true).withForce(true));
            assertThat(count(db, "SELECT COUNT(*) FROM clinics")).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aDrillIntoAnotherEnvironmentCreatesTheMissingTables(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase drill = server.create()) {
            twoEnvironments(source, "drill", drill);
            fill(source, 5_000);
            try (Ferry ferry = Ferry.load(project, null, ConfigOverrides.NONE)) {
                Path archive = ferry.backups().backup(BackupOptions.DEFAULTS.withTables(List.of("clinics", "visits"))).archive();
                RestoreResult r = ferry.backups().restore(RestoreOptions.of(archive).withInto("drill").withConfirmed(true));
                assertThat(r.environment()).isEqualTo("drill");
                assertThat(r.safetyBackup()).isNull();
                assertThat(r.tables()).extracting(RestoreResult.TableRestore::action).containsOnly("create");
            }
            for (String t : List.of("clinics", "visits")) {
                assertThat(fingerprint(drill, t)).isEqualTo(fingerprint(source, t));
            }
            exec(drill, "INSERT INTO visits (clinic_id, note) VALUES (1, 'new visit')");
            assertThatThrownBy(() -> exec(drill, "INSERT INTO visits (clinic_id, note) VALUES (12345, 'orphan')"))
                    .as("the foreign key came back with the table").isInstanceOf(java.sql.SQLException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void anArchiveOfAnotherEnvironmentIsRefusedUnlessAllowedExplicitly(TestServer server) throws Exception {
        try (TestDatabase dev = server.create(); TestDatabase staging = server.create()) {
            twoEnvironments(dev, "staging", staging);
            fill(dev, 10);
            fill(staging, 20);
            String before = fingerprints(dev);
            try (Ferry ferry = Ferry.load(project, null, ConfigOverrides.NONE)) {
                Path archive = ferry.environment("staging").backups().backup(BackupOptions.DEFAULTS).archive();
                assertThatThrownBy(() -> ferry.backups().restore(RestoreOptions.of(archive).withConfirmed(true)))
                        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY))
                        .hasMessageContaining("into 'development'").hasMessageContaining("a backup of 'staging'");
                assertThat(fingerprints(dev)).isEqualTo(before);

                ferry.backups().restore(RestoreOptions.of(archive).withConfirmed(true).withAllowOtherEnvironment(true));
                assertThat(fingerprints(dev)).isEqualTo(fingerprints(staging));
            }
        }
    }

    /** A ferry.yaml with {@code development} on one database and another environment on the other. */
    private void twoEnvironments(TestDatabase development, String other, TestDatabase otherDb) throws Exception {
        Files.writeString(project.resolve("ferry.yaml"), "environments:\n" + environment("development", development) + environment(other, otherDb));
    }

    static String environment(String name, TestDatabase db) {
        return "  " + name + ":\n    url: " + db.url() + "\n    user: " + db.user() + "\n    password: '" + nullToEmpty(db.password()) + "'\n";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static void fill(TestDatabase db, int notes) throws Exception {
        boolean maria = db.isMariaDb();
        String serial = maria ? "BIGINT AUTO_INCREMENT PRIMARY KEY" : "BIGSERIAL PRIMARY KEY";
        exec(db, "CREATE TABLE clinics (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, opened TIMESTAMP NULL, fee DECIMAL(10,2), active BOOLEAN)",
                "CREATE TABLE visits (id " + serial + ", clinic_id INT NOT NULL, note TEXT, "
                        + "CONSTRAINT visits_clinic_fk FOREIGN KEY (clinic_id) REFERENCES clinics (id))",
                "CREATE INDEX visits_note_idx ON visits (clinic_id, id)",
                "CREATE TABLE notes (id " + serial + ", visit_id BIGINT, body TEXT)",
                "INSERT INTO clinics VALUES (1, 'clinic number one', '2024-01-02 03:04:05', 12.50, true), "
                        + "(2, 'tab\there, newline\nhere, backslash \\\\ here', NULL, NULL, false), (3, 'ünïcødé ✓', '1999-12-31 23:59:59', -0.01, NULL)",
                "INSERT INTO visits (clinic_id, note) VALUES (1, 'first'), (2, NULL)");
        String series = maria ? "SELECT seq, MOD(seq, 2) + 1, CONCAT('note ', seq, ' ', REPEAT('x', MOD(seq, 97))) FROM seq_1_to_" + notes
                : "SELECT g, g % 2 + 1, 'note ' || g || ' ' || repeat('x', g % 97) FROM generate_series(1, " + notes + ") g";
        exec(db, "INSERT INTO notes (id, visit_id, body) " + series);
    }

    static void exec(TestDatabase db, String... sql) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    static long count(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String fingerprints(TestDatabase db) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String t : TABLES) {
            sb.append(t).append('=').append(fingerprint(db, t)).append(' ');
        }
        return sb.toString();
    }

    /** Row count and SHA-256 of every value of every row, in key order. */
    static String fingerprint(TestDatabase db, String table) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long rows = 0;
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                rows++;
                for (int i = 1; i <= n; i++) {
                    md.update(String.valueOf(rs.getString(i)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update((byte) 0);
                }
            }
        }
        return rows + ":" + HexFormat.of().formatHex(md.digest());
    }
}
