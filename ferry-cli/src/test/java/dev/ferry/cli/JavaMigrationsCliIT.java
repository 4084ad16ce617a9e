package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java migrations through the real jar: a class compiled here, against ferry.jar only, found in a
 * {@code classpath:} location through {@code --classpath} or the project's {@code lib/} folder.
 */
class JavaMigrationsCliIT {
    private static final String SOURCE = """
            package db.migration;

            import dev.ferry.migration.JavaMigration;
            import java.sql.Statement;

            public class V2__Default_office implements JavaMigration {
                @Override
                public void migrate(Context context) throws Exception {
                    try (Statement st = context.connection().createStatement()) {
                        st.executeUpdate("INSERT INTO offices (id, name) VALUES (1, '" + context.placeholders().get("office") + "')");
                    }
                    context.log("added the default office");
                }
            }
            """;

    @TempDir
    Path project;

    static Stream<TestServer> servers() {
        return Stream.of(TestServer.embeddedPostgres(), TestServer.mariaDb());
    }

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(project, Map.of(), args);
    }

    private void writeProject(TestDatabase db) throws Exception {
        String password = db.password() == null || db.password().isEmpty() ? "" : "    password: " + db.password() + "\n";
        write(project.resolve("ferry.yaml"), "migrations:\n  locations: [migrations, 'classpath:db/migration']\n"
                + "  placeholders:\n    office: Harbour\n"
                + "environments:\n  development:\n    url: " + db.url() + "\n    user: " + db.user() + "\n" + password);
        write(project.resolve("migrations/V1__offices.sql"), "CREATE TABLE offices (id INT PRIMARY KEY, name VARCHAR(100));\n");
        write(project.resolve("migrations/V3__office_copy.sql"), "CREATE TABLE office_copy AS SELECT id, name FROM offices;\n");
        compile(project.resolve("build/classes"));
    }

    private void compile(Path classes) throws Exception {
        Path source = write(project.resolve("src/db/migration/V2__Default_office.java"), SOURCE);
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-classpath", CliProcess.jar().toAbsolutePath().toString(),
                "-d", classes.toString(), source.toString());
        assertThat(status).as("javac exit status").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aCompiledClassOnTheClasspathRunsBetweenTheScriptsAndIsMissingWithoutIt(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            writeProject(db);

            CliProcess.Result dry = ferry("migrate", "--dry-run", "--classpath", "build/classes");
            assertThat(dry.exitCode()).as(dry.all()).isZero();
            assertThat(dry.stdout()).contains("-- version 2 (db.migration.V2__Default_office): Java migration, not shown");

            CliProcess.Result migrate = ferry("migrate", "--classpath", "build/classes");
            assertThat(migrate.exitCode()).as(migrate.all()).isZero();
            assertThat(migrate.all()).contains("V2__Default_office: added the default office");
            try (var c = db.database().connect("test"); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT name FROM office_copy")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Harbour");
            }
            CliProcess.Result status = ferry("status", "--classpath", "build/classes");
            assertThat(status.exitCode()).as(status.all()).isZero();
            assertThat(status.stdout()).containsPattern("2 +Default office +java +applied");

            CliProcess.Result without = ferry("validate");
            assertThat(without.exitCode()).as(without.all()).isEqualTo(3);
            assertThat(without.all()).contains("class db.migration.V2__Default_office");
        }
    }

    @Test
    void jarsInTheProjectsLibFolderAreOnTheClasspathWithoutAnyFlag() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            writeProject(db);
            Path classes = project.resolve("build/classes");
            Files.createDirectories(project.resolve("lib"));
            try (OutputStream file = Files.newOutputStream(project.resolve("lib/migrations.jar"));
                 JarOutputStream jar = new JarOutputStream(file)) {
                for (String entry : List.of("db/", "db/migration/", "db/migration/V2__Default_office.class")) {
                    jar.putNextEntry(new JarEntry(entry));
                    if (entry.endsWith(".class")) {
                        jar.write(Files.readAllBytes(classes.resolve(entry)));
                    }
                    jar.closeEntry();
                }
            }

            CliProcess.Result migrate = ferry("migrate");

            assertThat(migrate.exitCode()).as(migrate.all()).isZero();
            assertThat(ferry("validate").exitCode()).isZero();
        }
    }
}
