package dev.ferry.spring.boot;

import dev.ferry.Ferry;
import java.nio.file.Path;
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

    /** The Ferry Java API over the chosen DataSource; closed with the application context. */
    @Bean
    @ConditionalOnMissingBean
    public Ferry ferry(FerryConfiguration configuration, @FerryDataSource ObjectProvider<DataSource> ferryDataSource,
            ObjectProvider<DataSource> dataSource) {
        DataSource chosen = ferryDataSource.getIfAvailable(dataSource::getObject);
        return Ferry.of(configuration.toSettings(), chosen);
    }

    @Bean
    @ConditionalOnMissingBean
    public FerryMigrationInitializer ferryMigrationInitializer(Ferry ferry, FerryConfiguration configuration,
            ObjectProvider<FerryMigrationStrategy> strategy) {
        return new FerryMigrationInitializer(ferry, strategy.getIfAvailable(() -> new ValidateThenMigrate(configuration.validateOnMigrate())));
    }
}
