package dev.ferry.spring.boot;

import dev.ferry.Ferry;

/**
 * What happens to the database at start-up. A bean of this type replaces the default (validate,
 * then migrate), e.g. to only validate in production or to repair first in a test profile.
 */
@FunctionalInterface
public interface FerryMigrationStrategy {
    void migrate(Ferry ferry);
}
