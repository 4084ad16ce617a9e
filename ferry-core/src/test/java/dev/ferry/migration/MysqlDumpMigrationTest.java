package dev.ferry.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.Database;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by the MySQL tools, applied as migrations exactly as the {@code mariadb} client
 * applies them: a real {@code mariadb-dump} holding raw BLOB bytes (not UTF-8), and procedures
 * between {@code DELIMITER} lines. Each is applied by Ferry into one database and by the client
 * into another, and the two are compared.
 */
class MysqlDumpMigrationTest {
    @TempDir
    Path project;

    /** Every byte value, invalid UTF-8 sequences, quotes, backslashes and zero bytes, then 300 KB of noise. */
    private static List<byte[]> payloads() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        byte[] noise = new byte[300_000];
        new Random(7).nextBytes(noise);
        return List.of(all, new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0x80}, "it's \\ \"quoted\"\0%_".getBytes(StandardCharsets.UTF_8),
                new byte[] {0, 0, 0}, noise, new byte[0]);
    }

    @Test
    void aMariaDbDumpWithRawBlobBytesAppliesByteForByteAsTheClientAppliesIt() throws Exception {
        try (TestDatabase original = TestServer.mariaDb().create(); TestDatabase viaFerry = TestServer.mariaDb().create();
             TestDatabase viaClient = TestServer.mariaDb().create()) {
            original.exec("CREATE TABLE blobs (id INT PRIMARY KEY, payload LONGBLOB, note VARCHAR(40) CHARACTER SET utf8mb4)");
            List<byte[]> payloads = payloads();
            try (Connection c = original.database().connect("test");
                 PreparedStatement ps = c.prepareStatement("INSERT INTO blobs VALUES (?, ?, ?)")) {
                for (int i = 0; i < payloads.size(); i++) {
                    ps.setInt(1, i + 1);
                    ps.setBytes(2, payloads.get(i));
                    ps.setString(3, "héllo ✓ " + i);
                    ps.executeUpdate();
                }
            }
            Path dump = project.resolve("migrations/V1__legacy_dump.sql");
            Files.createDirectories(dump.getParent());
            run(List.of("/usr/bin/mariadb-dump", "--skip-dump-date"), original, null, dump);
            assertThat(isUtf8(Files.readAllBytes(dump))).as("the dump holds raw bytes that are not UTF-8").isFalse();

            MigrateResult applied = engine(viaFerry).migrate(MigrateOptions.DEFAULTS);
            run(List.of("/usr/bin/mariadb"), viaClient, dump, null);

            assertThat(applied.applied()).hasSize(1);
            assertThat(checksum(viaFerry)).isEqualTo(checksum(viaClient)).isEqualTo(checksum(original));
            try (Connection c = viaFerry.database().connect("test");
                 ResultSet rs = c.createStatement().executeQuery("SELECT payload, note FROM blobs ORDER BY id")) {
                for (byte[] expected : payloads) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBytes(1)).isEqualTo(expected);
                    assertThat(rs.getString(2)).startsWith("héllo ✓ ");
                }
            }
            assertThat(engine(viaFerry).validate().valid()).as("the file's checksum is the one recorded").isTrue();
            assertThat(engine(viaFerry).migrate(MigrateOptions.DEFAULTS).applied()).isEmpty();
        }
    }

    @Test
    void withoutItsHeaderTheSameBytesAreRefusedAsTextThatIsNotUtf8() throws Exception {
        try (TestDatabase db = TestServer.mariaDb().create()) {
            byte[] latin1 = "INSERT INTO t VALUES ('caf\u00e9');\n".getBytes(StandardCharsets.ISO_8859_1);
            Path file = project.resolve("migrations/V1__latin1.sql");
            Files.createDirectories(file.getParent());
            Files.write(file, latin1);
            assertThatThrownBy(() -> engine(db).migrate(MigrateOptions.DEFAULTS)).isInstanceOfSatisfying(FerryException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                assertThat(e.getMessage()).contains("V1__latin1.sql:1: not valid UTF-8 at byte offset 26");
            });

            Files.write(file, concat("-- ferry:encoding binary\nCREATE TABLE t (v VARBINARY(8));\n".getBytes(StandardCharsets.UTF_8), latin1));
            engine(db).migrate(MigrateOptions.DEFAULTS);
            try (Connection c = db.database().connect("test"); ResultSet rs = c.createStatement().executeQuery("SELECT v FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes(1)).isEqualTo("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    }

    @Test
    void mysqlToolProceduresBetweenDelimiterLinesApplyAsTheClientAppliesThem() throws Exception {
        try (TestDatabase viaFerry = TestServer.mariaDb().create(); TestDatabase viaClient = TestServer.mariaDb().create()) {
            Path file = Projects.write(project.resolve("migrations/V1__procedures.sql"), """
                    CREATE TABLE counter (n INT);
                    INSERT INTO counter VALUES (0);

                    DELIMITER $$
                    CREATE PROCEDURE bump(IN step INT)
                    BEGIN
                      UPDATE counter SET n = n + step;
                      SELECT n FROM counter;
                    END$$
                    DELIMITER ;

                    DELIMITER //
                    CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC
                    BEGIN
                      RETURN x * 2; -- a comment; with a semicolon
                    END //
                    DELIMITER ;
                    CALL bump(twice(21));
                    """);
            engine(viaFerry).migrate(MigrateOptions.DEFAULTS);
            // Ferry keeps comments inside routine bodies, as the client does with --comments (by default it drops them).
            run(List.of("/usr/bin/mariadb", "--comments"), viaClient, file, null);

            String routines = "SELECT ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION FROM information_schema.ROUTINES "
                    + "WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY ROUTINE_NAME";
            assertThat(strings(viaFerry, routines)).hasSize(6).isEqualTo(strings(viaClient, routines));
            assertThat(strings(viaFerry, "SELECT n FROM counter")).containsExactly("42").isEqualTo(strings(viaClient, "SELECT n FROM counter"));
        }
    }

    private SchemaMigrations engine(TestDatabase db) {
        var settings = Projects.settings(project, db);
        Database database = new Database(settings.url(), settings.user(), settings.password(), 10);
        return new SchemaMigrations(settings, () -> database, MigrationListener.NONE);
    }

    /** Runs a MariaDB client tool against {@code db}, reading {@code in} and writing {@code out} when given. */
    private static void run(List<String> tool, TestDatabase db, Path in, Path out) throws IOException, InterruptedException {
        URI uri = URI.create(db.url().substring("jdbc:".length()));
        List<String> command = new ArrayList<>(tool);
        command.addAll(List.of("--protocol=tcp", "-h", uri.getHost(), "-P", Integer.toString(uri.getPort() < 0 ? 3306 : uri.getPort()),
                "-u", db.user()));
        if (db.password() != null && !db.password().isEmpty()) {
            command.add("--password=" + db.password());
        }
        command.add(db.name());
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (in != null) {
            pb.redirectInput(in.toFile());
        }
        if (out != null) {
            pb.redirectOutput(out.toFile());
        }
        assertThat(pb.start().waitFor()).as(String.join(" ", tool)).isZero();
    }

    private static String checksum(TestDatabase db) throws Exception {
        return strings(db, "CHECKSUM TABLE blobs").get(1);
    }

    /** Every column of every row, in order, as text. */
    private static List<String> strings(TestDatabase db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.database().connect("test"); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    out.add(rs.getString(i));
                }
            }
        }
        return out;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
