package dev.ferry.spring.boot;

import dev.ferry.Ferry;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code ferry} Actuator endpoint and health indicator, when Actuator is on the classpath. */
@AutoConfiguration(after = FerryAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(Ferry.class)
public class FerryActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(endpoint = FerryEndpoint.class)
    public FerryEndpoint ferryEndpoint(Ferry ferry) {
        return new FerryEndpoint(ferry);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnEnabledHealthIndicator("ferry")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "ferryHealthIndicator")
        FerryHealthIndicator ferryHealthIndicator(Ferry ferry) {
            return new FerryHealthIndicator(ferry);
        }
    }
}
