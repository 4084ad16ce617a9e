package dev.ferry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.ConfigOverrides;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.config.ProjectConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's ferry.yaml example, taken from README.md as printed, loads as the README says it does. */
class ReadmeConfigExampleTest {
    @TempDir
    Path dir;

    /** The first yaml block of the README's configuration section. */
    static String configExample() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        int section = readme.indexOf("### Configuration: `ferry.yaml`");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    @Test
    void theExampleLoadsForDevelopmentWithoutTheOtherEnvironmentsVariables() throws Exception {
        Files.writeString(dir.resolve("ferry.yaml"), configExample());
        ProjectConfig project = new ConfigLoader(Map.of()).project(dir, null, ConfigOverrides.NONE);

        EnvironmentSettings development = project.environment();
        assertThat(development.name()).isEqualTo("development");
        assertThat(development.embedded()).isTrue();
        assertThat(development.placeholders()).containsEntry("app_role", "app");
        assertThat(project.environmentNames()).contains("staging", "production");
        assertThatThrownBy(() -> project.environment("staging")).hasMessageContaining("STAGING_DB_PASSWORD");

        EnvironmentSettings production = new ConfigLoader(Map.of("APP_DB_PASSWORD", "s3cret")).project(dir, null, ConfigOverrides.NONE)
                .environment("production");
        assertThat(production.protectedEnvironment()).isTrue();
        assertThat(production.placeholders()).containsEntry("app_role", "app_prod");
        assertThat(production.password()).isEqualTo("s3cret");
    }
}
