package dev.ferry.spring.boot;

import dev.ferry.testing.TestDatabase;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** An application context with Ferry's auto-configuration over a test database and a migrations directory. */
final class FerryContextRunners {
    private FerryContextRunners() {
    }

    static ApplicationContextRunner over(TestDatabase database, Path migrations, Path projectDir) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FerryAutoConfiguration.class,
                        FerryActuatorAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + database.url(), "spring.datasource.username=" + database.user(),
                        "spring.datasource.password=" + (database.password() == null ? "" : database.password()),
                        "ferry.locations=filesystem:" + migrations, "ferry.project-dir=" + projectDir);
    }
}
