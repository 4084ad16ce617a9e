package dev.ferry.config;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private static final String CONFIG = """
            default_environment: development
            migrations:
              locations: [db/migrations]
              placeholders:
                app_role: app
            environments:
              development: {}
              production:
                url: jdbc:postgresql://db.example.com:5432/app
                user: app
                password: ${env:APP_DB_PASSWORD}
                protected: true
                lock_timeout: 2m
                placeholders:
                  app_role: app_prod
            """;

    @Test
    void readsTheSelectedEnvironmentWithTopLevelDefaults() {
        write(dir.resolve("ferry.yaml"), CONFIG);
        EnvironmentSettings s = new ConfigLoader(Map.of("APP_DB_PASSWORD", "s3cret"))
                .load(dir, null, new ConfigOverrides("production", null, null, null, null, null, null, null, null, null));
        assertThat(s.url()).isEqualTo("jdbc:postgresql://db.example.com:5432/app");
        assertThat(s.password()).isEqualTo("s3cret");
        assertThat(s.protectedEnvironment()).isTrue();
        assertThat(s.lockTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.placeholders()).containsEntry("app_role", "app_prod");
        assertThat(s.locations()).containsExactly(dir.resolve("db/migrations"));
        assertThat(s.toString()).doesNotContain("s3cret");
    }

    @Test
    void classpathLocationsArePackagesAndFilesystemLocationsAreFolders() {
        write(dir.resolve("ferry.yaml"), "migrations:\n  locations: [migrations, 'filesystem:sql', 'classpath:db/migration/', 'classpath:com.acme.db']\n");

        EnvironmentSettings s = new ConfigLoader(Map.of()).project(dir, null, ConfigOverrides.NONE).environment();

        assertThat(s.locations()).containsExactly(dir.resolve("migrations"), dir.resolve("sql"));
        assertThat(s.classpathLocations()).containsExactly("db/migration", "com/acme/db");
    }

    @Test
    void flagBeatsEnvironmentVariableWhichBeatsTheFile() {
        write(dir.resolve("ferry.yaml"), CONFIG);
        Map<String, String> env = Map.of("APP_DB_PASSWORD", "x", "FERRY_ENV", "production", "FERRY_USER", "from_env");
        EnvironmentSettings fromEnv = new ConfigLoader(env).load(dir, null, ConfigOverrides.NONE);
        assertThat(fromEnv.name()).isEqualTo("production");
        assertThat(fromEnv.user()).isEqualTo("from_env");
        EnvironmentSettings fromFlag = new ConfigLoader(env)
                .load(dir, null, new ConfigOverrides(null, null, "from_flag", null, null, null, null, null, null, null));
        assertThat(fromFlag.user()).isEqualTo("from_flag");
    }

    @Test
    void withoutAFileTheDevelopmentEnvironmentUsesTheEmbeddedDatabase() {
        EnvironmentSettings s = new ConfigLoader(Map.of()).load(dir, null, ConfigOverrides.NONE);
        assertThat(s.name()).isEqualTo("development");
        assertThat(s.embedded()).isTrue();
        assertThat(s.locations()).isEqualTo(List.of(dir.resolve("migrations")));
    }

    @Test
    void unknownKeyIsReportedWithFileLineAndColumn() {
        write(dir.resolve("ferry.yaml"), "environments:\n  development:\n    urll: jdbc:postgresql://x/y\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(dir, null, ConfigOverrides.NONE))
                .isInstanceOf(FerryException.class)
                .hasMessageContaining("ferry.yaml:3:")
                .hasMessageContaining("unknown key 'urll'")
                .hasMessageContaining("url")
                .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
    }

    @Test
    void seedsLocationComesFromTheSeedsSectionAndAMistypedKeyIsReportedWithItsLine() {
        assertThat(new ConfigLoader(Map.of()).project(dir, null, ConfigOverrides.NONE).seedsLocation()).isEqualTo(dir.toAbsolutePath().resolve("seeds"));
        write(dir.resolve("ferry.yaml"), "seeds:\n  location: db/seeds\nenvironments:\n  development: {}\n");
        assertThat(new ConfigLoader(Map.of()).project(dir, null, ConfigOverrides.NONE).seedsLocation()).isEqualTo(dir.toAbsolutePath().resolve("db/seeds"));
        write(dir.resolve("ferry.yaml"), "seeds:\n  locaton: db/seeds\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).project(dir, null, ConfigOverrides.NONE).seedsLocation())
                .hasMessageContaining("ferry.yaml:2:3: unknown key 'locaton' (at seeds)")
                .hasMessageContaining("known keys here: location");
    }

    @Test
    void wrongTypeIsReportedWithItsLine() {
        write(dir.resolve("ferry.yaml"), "environments:\n  development:\n    protected: [yes]\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(dir, null, ConfigOverrides.NONE))
                .hasMessageContaining("ferry.yaml:3:");
    }

    @Test
    void missingEnvironmentVariableIsNamedWithItsLine() {
        write(dir.resolve("ferry.yaml"), CONFIG);
        assertThatThrownBy(() -> new ConfigLoader(Map.of())
                .load(dir, null, new ConfigOverrides("production", null, null, null, null, null, null, null, null, null)))
                .hasMessageContaining("ferry.yaml:11:")
                .hasMessageContaining("APP_DB_PASSWORD is not set");
    }

    @Test
    void anotherEnvironmentsUnsetVariableIsAnErrorOnlyWhenThatEnvironmentIsUsed() {
        write(dir.resolve("ferry.yaml"), CONFIG);
        ProjectConfig project = new ConfigLoader(Map.of()).project(dir, null, ConfigOverrides.NONE);
        assertThat(project.environment().name()).isEqualTo("development");
        assertThat(project.environmentNames()).contains("production");
        assertThatThrownBy(() -> project.environment("production"))
                .hasMessageContaining("ferry.yaml:11:5: environment variable APP_DB_PASSWORD is not set")
                .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
    }

    @Test
    void unsetVariableOutsideTheEnvironmentsFailsAtOnce() {
        write(dir.resolve("ferry.yaml"), "migrations:\n  locations:\n    - ${env:MIGRATIONS_DIR}\nenvironments:\n  development: {}\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).project(dir, null, ConfigOverrides.NONE))
                .hasMessageContaining("ferry.yaml:3:").hasMessageContaining("MIGRATIONS_DIR is not set");
    }

    @Test
    void unknownEnvironmentListsTheDefinedOnes() {
        write(dir.resolve("ferry.yaml"), "environments:\n  development: {}\n  staging: {}\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of())
                .load(dir, null, new ConfigOverrides("prod", null, null, null, null, null, null, null, null, null)))
                .hasMessageContaining("'prod' is not defined").hasMessageContaining("development, staging");
    }

    private String errorFor(String yaml) {
        write(dir.resolve("ferry.yaml"), yaml);
        try {
            new ConfigLoader(Map.of()).load(dir, null, ConfigOverrides.NONE);
        } catch (FerryException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).doesNotContain("JsonToken", "com.fasterxml", "ArrayList", "LinkedHashMap", "in 'reader'", "\n");
            return e.getMessage();
        }
        throw new AssertionError("no error for:\n" + yaml);
    }

    @Test
    void aListWhereAMapBelongsSaysWhatWasExpected() {
        assertThat(errorFor("default_environment: development\nmigrations: {}\nenvironments:\n  - development\n"))
                .isEqualTo("ferry.yaml:3:1: 'environments' must be a map of names to settings, found a list");
        assertThat(errorFor("migrations:\n  placeholders: [a, b]\n"))
                .isEqualTo("ferry.yaml:2:3: 'migrations.placeholders' must be a map of names to values, found a list");
        assertThat(errorFor("- a\n- b\n")).isEqualTo("ferry.yaml:1:1: the file must be a map of settings, found a list");
        assertThat(errorFor("protected_data:\n  tables:\n    - patients\n"))
                .isEqualTo("ferry.yaml:2:3: 'protected_data.tables' must be a map of names to settings, found a list");
    }

    @Test
    void aScalarWhereAListBelongsSaysWhatWasExpected() {
        assertThat(errorFor("environments:\n  development:\n    locations: migrations\n"))
                .isEqualTo("ferry.yaml:3:5: 'environments.development.locations' must be a list, found 'migrations'");
        assertThat(errorFor("environments: hello\n"))
                .isEqualTo("ferry.yaml:1:1: 'environments' must be a map of names to settings, found 'hello'");
        assertThat(errorFor("environments:\n  development:\n    url: [a]\n"))
                .isEqualTo("ferry.yaml:3:5: 'environments.development.url' must be a single value, found a list");
        assertThat(errorFor("environments:\n  development:\n    protected: maybe\n"))
                .isEqualTo("ferry.yaml:3:5: 'environments.development.protected' must be true or false, found 'maybe'");
    }

    @Test
    void aTabIndentAndBrokenSyntaxAreOneLineWithTheirPlace() {
        assertThat(errorFor("environments:\n\tdevelopment: {}\n"))
                .isEqualTo("ferry.yaml:2:1: a tab is used for indentation; YAML indents with spaces only");
        assertThat(errorFor("environments:\n  development: {url: x\n"))
                .startsWith("ferry.yaml:3:1: expected ',' or '}'").contains("line 2, column 16");
    }

    @Test
    void wrongValuesCarryFileLineAndColumn() {
        assertThat(errorFor("environments:\n  development:\n    url: not a url\n"))
                .startsWith("ferry.yaml:3:5: url must be a JDBC URL").endsWith("found something that is not a JDBC URL");
        assertThat(errorFor("environments:\n  development:\n    url: jdbc:oracle:thin:@db:1521/app\n"))
                .startsWith("ferry.yaml:3:5: url must be a JDBC URL").endsWith("found a jdbc:oracle: URL").doesNotContain("@db");
        assertThat(errorFor("environments:\n  development:\n    lock_timeout: forever\n"))
                .isEqualTo("ferry.yaml:3:5: lock_timeout: 'forever' is not a duration; write e.g. 500ms, 60s, 5m, 2h or 7d");
        assertThat(errorFor("migrations:\n  lock_timeout: forever\nenvironments:\n  development: {}\n")).startsWith("ferry.yaml:2:3: lock_timeout:");
        assertThat(errorFor("environments:\n  development:\n    connect_timeout: soon\n")).startsWith("ferry.yaml:3:5: connect_timeout:");
        assertThat(errorFor("environments:\n  development:\n    layout: flywayy\n"))
                .isEqualTo("ferry.yaml:3:5: layout 'flywayy' is not known; use one of auto, flyway, golang-migrate, diesel, dbmate");
    }

    @Test
    void aWrongValueGivenByFlagNamesTheFlag() {
        write(dir.resolve("ferry.yaml"), "environments:\n  development: {}\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of())
                .load(dir, null, new ConfigOverrides(null, null, null, null, null, "flywayy", null, null, null, null)))
                .hasMessageStartingWith("--layout (or FERRY_LAYOUT): layout 'flywayy' is not known");
    }
}
