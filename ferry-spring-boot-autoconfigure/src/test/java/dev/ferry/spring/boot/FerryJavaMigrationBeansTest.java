package dev.ferry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.FerryException;
import dev.ferry.migration.JavaMigration;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

class FerryJavaMigrationBeansTest {
    @TempDir
    Path dir;

    private TestDatabase database;
    private Path migrations;

    @BeforeEach
    void createDatabaseAndScripts() throws Exception {
        database = TestServer.embeddedPostgres().create();
        migrations = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("V1__create_boats.sql"), "CREATE TABLE boats (id INT PRIMARY KEY, name TEXT NOT NULL);\n");
        Files.writeString(migrations.resolve("V3__shout_names.sql"), "UPDATE boats SET name = upper(name);\n");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    private ApplicationContextRunner runner() {
        return FerryContextRunners.over(database, migrations, dir)
                .withPropertyValues("management.endpoints.web.exposure.include=ferry");
    }

    @Test
    void aBeanMigrationWithAnInjectedBeanRunsBetweenTheScriptsAndIsListedAsApplied() {
        runner().withBean(Fleet.class).withBean(V2__Register_fleet.class).run(context -> {
            assertThat(context).hasNotFailed();
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            // V3 upper-cased what the bean inserted, so the bean ran after V1 and before V3.
            assertThat(jdbc.queryForList("SELECT name FROM boats ORDER BY id", String.class)).containsExactly("HERON", "TERN");

            List<String> listed = new ArrayList<>();
            context.getBean(FerryEndpoint.class).migrations().migrations()
                    .forEach(m -> listed.add(m.version() + " " + m.script() + " " + m.state()));
            assertThat(listed).containsExactly("1 V1__create_boats.sql APPLIED",
                    "2 " + V2__Register_fleet.class.getName() + " APPLIED", "3 V3__shout_names.sql APPLIED");
        });
    }

    @Test
    void aFailingBeanMigrationStopsStartupWithFerrysMessageAndIsRolledBack() throws Exception {
        runner().withBean(Fleet.class).withBean(V2__Register_fleet.class).withBean(V2_1__Sink_fleet.class).run(context -> {
            assertThat(context).hasFailed();
            FerryException failure = ferryException(context.getStartupFailure());
            assertThat(failure.getMessage()).contains("version 2.1", V2_1__Sink_fleet.class.getName(), "the hull leaks",
                    "Its transaction was rolled back", "Fix the class and run migrate again");
        });

        // V2 committed before it; the failing V2.1 left no row of its own, and V3 never ran.
        assertThat(names()).containsExactly("Heron", "Tern");
    }

    @Test
    void aClassInAClasspathLocationThatIsADirectoryRunsWithoutBeingABean() throws Exception {
        Files.delete(migrations.resolve("V3__shout_names.sql"));
        runner().withPropertyValues("ferry.locations=filesystem:" + migrations + ",classpath:dev/ferry/spring/boot/scanned")
                .run(context -> assertThat(context).hasNotFailed());

        assertThat(names()).containsExactly("Scanned");
    }

    @Test
    void aMigrationClassInsideAJarThatNoBeanDeclaresStopsStartupAskingForABean() throws Exception {
        Path jar = dir.resolve("migrations.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            // With its directory entries, as Maven and Spring Boot write jars.
            for (String entry : List.of("db/", "db/packaged/", "db/packaged/V2__Backfill_names.class")) {
                out.putNextEntry(new JarEntry(entry));
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            runner().withClassLoader(loader).withPropertyValues("ferry.locations=filesystem:" + migrations + ",classpath:db/packaged")
                    .run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(ferryException(context.getStartupFailure()).getMessage())
                                .contains("db.packaged.V2__Backfill_names", "inside a jar", "@Component");
                    });
        }
    }

    private List<String> names() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = database.database().connect("test");
             ResultSet rs = c.createStatement().executeQuery("SELECT name FROM boats ORDER BY id")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static FerryException ferryException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof FerryException e) {
                return e;
            }
        }
        throw new AssertionError("no FerryException in the start-up failure", failure);
    }

    /** An application bean a migration gets injected. */
    static class Fleet {
        List<String> names() {
            return List.of("Heron", "Tern");
        }
    }

    @Component
    static class V2__Register_fleet implements JavaMigration {
        private final Fleet fleet;

        V2__Register_fleet(Fleet fleet) {
            this.fleet = fleet;
        }

        @Override
        public void migrate(Context context) throws Exception {
            try (PreparedStatement insert = context.connection().prepareStatement("INSERT INTO boats (id, name) VALUES (?, ?)")) {
                int id = 1;
                for (String name : fleet.names()) {
                    insert.setInt(1, id++);
                    insert.setString(2, name);
                    insert.executeUpdate();
                }
            }
        }
    }

    @Component
    static class V2_1__Sink_fleet implements JavaMigration {
        @Override
        public void migrate(Context context) throws Exception {
            try (PreparedStatement insert = context.connection().prepareStatement("INSERT INTO boats (id, name) VALUES (99, 'Wreck')")) {
                insert.executeUpdate();
            }
            throw new IllegalStateException("the hull leaks");
        }
    }
}
