package dev.ferry.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Maven builds of {@code examples/maven} with this build's plugin: it migrates the embedded
 * PostgreSQL and the MariaDB service (SQL and a Java migration compiled by the build), a failing
 * migration fails the build with Ferry's message, and {@code -Dferry.skip} skips it. The plugin
 * and ferry-core are put in a repository under target/, in front of the user's local repository,
 * so nothing is installed and the builds run offline.
 */
class MavenBuildIT {
    private static final String VERSION = System.getProperty("ferry.version");
    private static final Path REPOSITORY = Path.of("target/it-repository").toAbsolutePath();

    @TempDir
    Path work;

    record Build(int exitCode, String log) {
    }

    @BeforeAll
    static void putThisBuildsArtifactsInARepository() throws IOException {
        put("ferry-maven-plugin", Path.of(System.getProperty("ferry.plugin.jar")), Path.of(System.getProperty("ferry.plugin.pom")));
        Path root = Path.of(System.getProperty("ferry.root"));
        put("ferry-core", Path.of(System.getProperty("ferry.core.jar")), root.resolve("ferry-core/pom.xml"));
        put("ferry-parent", null, root.resolve("pom.xml"));
    }

    private static void put(String artifact, Path jar, Path pom) throws IOException {
        Path dir = Files.createDirectories(REPOSITORY.resolve("dev/ferry/" + artifact + "/" + VERSION));
        Files.copy(pom, dir.resolve(artifact + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifact + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A copy of examples/maven, with a settings.xml whose server logs in as {@code db}'s user. */
    private Path example(TestDatabase db) throws IOException {
        Path source = Path.of(System.getProperty("ferry.root"), "examples/maven");
        Path project = work.resolve("example");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(f -> !f.toString().contains(File.separator + "target")).toList()) {
                Path copy = project.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        String password = db.password() == null ? "" : db.password();
        Files.writeString(work.resolve("settings.xml"), "<settings><servers><server><id>ferry-db</id><username>" + db.user()
                + "</username><password>" + password + "</password></server></servers></settings>\n");
        return project;
    }

    private Build maven(Path project, String... args) throws Exception {
        Path root = Path.of(System.getProperty("ferry.root")).toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-o", "-s",
                work.resolve("settings.xml").toString(), "-Dmaven.repo.local=" + REPOSITORY,
                "-Dmaven.repo.local.tail=" + System.getProperty("ferry.m2.repository")));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(work, "maven", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().keySet().removeIf(k -> k.startsWith("FERRY_") || k.equals("MAVEN_OPTS"));
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mvn " + String.join(" ", args) + " did not finish in 300 s");
        }
        return new Build(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static List<String> slugs(TestDatabase db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT slug FROM offices ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void theExampleMigratesTheEmbeddedPostgresFailsOnABrokenMigrationAndSkipsWhenAsked() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            Path project = example(db);

            Build build = maven(project, "verify", "ferry:status", "-Dferry.url=" + db.url());

            assertThat(build.exitCode()).as(build.log()).isZero();
            assertThat(build.log()).contains("Applied version 2 (db.migration.V2__Backfill_slugs)")
                    .contains("V2__Backfill_slugs: filled 2 office slugs")
                    .contains("Applied 3 migration(s) to 'development'; schema version none -> 3")
                    .containsPattern("2 +Backfill slugs +java +applied");
            assertThat(slugs(db)).containsExactly("zurich-hongg", "sao-paulo-centro");

            Files.writeString(project.resolve("src/main/resources/db/migration/V4__broken.sql"), "CREATE TABLE offices (id INT);\n");
            Build failing = maven(project, "verify", "-Dferry.url=" + db.url());
            assertThat(failing.exitCode()).isNotZero();
            assertThat(failing.log()).contains("BUILD FAILURE")
                    .contains("Migration version 4 (V4__broken.sql) failed at V4__broken.sql line 1")
                    .doesNotContain("at dev.ferry.");

            Build skipped = maven(project, "verify", "-Dferry.url=" + db.url(), "-Dferry.skip");
            assertThat(skipped.exitCode()).as(skipped.log()).isZero();
            assertThat(skipped.log()).contains("Skipping Ferry (ferry.skip is set)");
        }
    }

    @Test
    void theExampleMigratesMariaDbWithTheServersLoginAndFailsOnABrokenMigration() throws Exception {
        try (TestDatabase db = TestServer.mariaDb().create()) {
            Path project = example(db);

            Build build = maven(project, "verify", "-Dferry.url=" + db.url());

            assertThat(build.exitCode()).as(build.log()).isZero();
            assertThat(slugs(db)).containsExactly("zurich-hongg", "sao-paulo-centro");

            Files.writeString(project.resolve("src/main/resources/db/migration/V4__broken.sql"), "CREATE TABLE offices (id INT);\n");
            Build failing = maven(project, "ferry:migrate", "-Dferry.url=" + db.url());
            assertThat(failing.exitCode()).isNotZero();
            assertThat(failing.log()).contains("Migration version 4 (V4__broken.sql) failed at V4__broken.sql line 1");
        }
    }
}
