package dev.ferry.spring.boot;

import dev.ferry.Ferry;
import org.springframework.beans.factory.InitializingBean;

/**
 * Runs the migration strategy when the bean is created. Spring Boot's database-initialization
 * ordering (see {@link FerryMigrationInitializerDetector}) creates it before JPA, JdbcTemplate,
 * jOOQ and any bean marked {@code @DependsOnDatabaseInitialization}, so they find the schema done.
 */
public class FerryMigrationInitializer implements InitializingBean {
    private final Ferry ferry;
    private final FerryMigrationStrategy strategy;

    public FerryMigrationInitializer(Ferry ferry, FerryMigrationStrategy strategy) {
        this.ferry = ferry;
        this.strategy = strategy;
    }

    @Override
    public void afterPropertiesSet() {
        strategy.migrate(ferry);
    }
}
