package dev.ferry.spring.boot;

import dev.ferry.Ferry;
import dev.ferry.migration.JavaMigration;
import dev.ferry.migration.JavaMigrations;
import dev.ferry.FerryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;
import org.springframework.util.ClassUtils;

/**
 * Migrates the application's DataSource (or the one marked {@link FerryDataSource}) with Ferry
 * at start-up, borrowing the application's connections rather than opening a pool of its own.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass({Ferry.class, DataSource.class})
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(prefix = "ferry", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(FerryProperties.class)
public class FerryAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public FerryConfiguration ferryConfiguration(FerryProperties properties, ResourceLoader resourceLoader,
            ObjectProvider<FerryConfigurationCustomizer> customizers) {
        Path projectDir = Path.of(properties.getProjectDir()).toAbsolutePath().normalize();
        MigrationLocations locations = new MigrationLocations(ResourcePatternUtils.getResourcePatternResolver(resourceLoader), projectDir);
        FerryConfiguration configuration = new FerryConfiguration(properties, projectDir, locations.resolve(properties.getLocations()));
        customizers.orderedStream().forEach(c -> c.customize(configuration));
        return configuration;
    }

    /**
     * The Ferry Java API over the chosen DataSource; closed with the application context. Every
     * {@link JavaMigration} bean is handed over (in {@code @Order}), so a migration can have the
     * application's beans injected; it runs by its class name's version among the scripts.
     */
    @Bean
    @ConditionalOnMissingBean
    public Ferry ferry(FerryConfiguration configuration, @FerryDataSource ObjectProvider<DataSource> ferryDataSource,
            ObjectProvider<DataSource> dataSource, ObjectProvider<JavaMigration> javaMigrations, ResourceLoader resourceLoader) {
        DataSource chosen = ferryDataSource.getIfAvailable(dataSource::getObject);
        List<JavaMigration> beans = javaMigrations.orderedStream().toList();
        requireBeansForClassesInJars(configuration.javaMigrationsInJars(), beans);
        JavaMigrations java = JavaMigrations.from(resourceLoader.getClassLoader()).withInstances(beans);
        return Ferry.of(configuration.toSettings(), chosen).withJavaMigrations(java);
    }

    /** A Java migration class packaged in a jar runs only as a bean; without one it would be skipped unnoticed. */
    private static void requireBeansForClassesInJars(List<String> classesInJars, List<JavaMigration> beans) {
        Set<String> given = beans.stream().map(b -> ClassUtils.getUserClass(b).getName()).collect(Collectors.toSet());
        List<String> missing = classesInJars.stream().filter(name -> !given.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw FerryException.invalidInput("Java migration(s) " + missing + " are inside a jar, where Ferry cannot find classes by "
                    + "scanning (the packaged application's nested jars); declare each as a Spring bean (annotate the class with "
                    + "@Component) so that it is handed over to Ferry");
        }
    }

    @Bean
    @ConditionalOnMissingBean
    public FerryMigrationInitializer ferryMigrationInitializer(Ferry ferry, FerryConfiguration configuration,
            ObjectProvider<FerryMigrationStrategy> strategy) {
        return new FerryMigrationInitializer(ferry, strategy.getIfAvailable(() -> new ValidateThenMigrate(configuration.validateOnMigrate())));
    }
}
