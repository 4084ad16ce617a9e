package dev.ferry.spring.boot;

/**
 * Changes Ferry's configuration in code after the {@code ferry.*} properties were applied, e.g.
 * placeholders computed at start-up. Every bean of this type is called, in {@code @Order}.
 */
@FunctionalInterface
public interface FerryConfigurationCustomizer {
    void customize(FerryConfiguration configuration);
}
