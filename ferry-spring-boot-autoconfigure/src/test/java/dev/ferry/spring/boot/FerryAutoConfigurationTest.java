package dev.ferry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

class FerryAutoConfigurationTest {
    @TempDir
    Path dir;

    private TestDatabase database;
    private Path migrations;

    @BeforeEach
    void createDatabaseAndMigrations() throws Exception {
        database = TestServer.embeddedPostgres().create();
        migrations = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("V1__create_boats.sql"), "CREATE TABLE boats (id INT PRIMARY KEY, name TEXT);\n");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    private ApplicationContextRunner runner() {
        return runner(database);
    }

    private ApplicationContextRunner runner(TestDatabase database) {
        return FerryContextRunners.over(database, migrations, dir);
    }

    @Test
    void refusesToStartWithFerrysMessageWhenAnAppliedMigrationWasEdited() throws Exception {
        runner().run(context -> assertThat(context).hasNotFailed().hasSingleBean(Ferry.class));
        Files.writeString(migrations.resolve("V1__create_boats.sql"), "CREATE TABLE boats (id INT PRIMARY KEY, name TEXT, length INT);\n");

        runner().run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(FerryException.class)
                    .hasMessageContaining("failed before migrating")
                    .hasMessageContaining("drifted")
                    .hasMessageContaining("V1__create_boats.sql");
        });
    }

    @ParameterizedTest
    @MethodSource("dev.ferry.testing.TestServer#all")
    void migratesOnEachDatabaseAndWithoutValidationMigrateItselfStillRefusesTheDrift(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            runner(db).run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(Ferry.class).migrations().status().schemaVersion()).isEqualTo("1");
            });
            Files.writeString(migrations.resolve("V1__create_boats.sql"), "CREATE TABLE boats (id INT PRIMARY KEY);\n");

            runner(db).withPropertyValues("ferry.validate-on-migrate=false").run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().isInstanceOf(FerryException.class)
                        .hasMessageContaining("Not migrating: history and files disagree")
                        .hasMessageContaining("V1__create_boats.sql");
            });
        }
    }

    @Test
    void aReplacementStrategyRunsInsteadOfMigrateAndHealthThenReportsTheDrift() throws Exception {
        runner().run(context -> assertThat(context).hasNotFailed());
        Files.writeString(migrations.resolve("V1__create_boats.sql"), "CREATE TABLE boats (id BIGINT PRIMARY KEY);\n");

        runner().withBean(FerryMigrationStrategy.class, () -> ferry -> { })
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    var health = context.getBean(FerryHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails()).containsEntry("drifted", 1L);
                    assertThat(health.getDetails().get("problems").toString()).contains("drifted", "V1__create_boats.sql");
                });
    }

    @Test
    void disabledFerryLeavesTheDatabaseAlone() {
        runner().withPropertyValues("ferry.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(Ferry.class);
            assertThat(tables(context.getBean(DataSource.class))).doesNotContain("boats", "ferry_schema_history");
        });
    }

    @Test
    void migratesTheDataSourceMarkedForFerryAndCustomizersAddPlaceholders() throws Exception {
        Files.writeString(migrations.resolve("V2__name_boats.sql"), "INSERT INTO boats VALUES (1, '${boat}');\n");
        try (TestDatabase other = TestServer.embeddedPostgres().create()) {
            runner().withUserConfiguration(TwoDataSources.class)
                    .withPropertyValues("app.url=" + other.url(), "app.user=" + other.user())
                    .withBean(FerryConfigurationCustomizer.class, () -> c -> c.placeholders().put("boat", "Heron"))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(tables(context.getBean(DataSource.class))).doesNotContain("boats");
                        DataSource ferrys = context.getBean("ferryOwn", DataSource.class);
                        try (Connection c = ferrys.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT name FROM boats")) {
                            assertThat(rs.next()).isTrue();
                            assertThat(rs.getString(1)).isEqualTo("Heron");
                        }
                    });
        }
    }

    private static java.util.List<String> tables(DataSource ds) throws Exception {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (Connection c = ds.getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The application's pool in one database, and the one Ferry should use in another. */
    @Configuration(proxyBeanMethods = false)
    static class TwoDataSources {
        @Bean
        @Primary
        DataSource application(org.springframework.core.env.Environment env) {
            return DataSourceBuilder.create().url(env.getProperty("app.url")).username(env.getProperty("app.user")).build();
        }

        @Bean
        @FerryDataSource
        DataSource ferryOwn(org.springframework.core.env.Environment env) {
            return DataSourceBuilder.create().url(env.getProperty("spring.datasource.url"))
                    .username(env.getProperty("spring.datasource.username")).build();
        }
    }
}
