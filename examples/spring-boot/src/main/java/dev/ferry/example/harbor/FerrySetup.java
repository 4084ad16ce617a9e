package dev.ferry.example.harbor;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.migration.ValidateResult;
import dev.ferry.spring.boot.FerryMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** With the profile {@code validate-only} the application checks the schema but leaves migrating to the deploy. */
@Configuration(proxyBeanMethods = false)
public class FerrySetup {
    @Bean
    @Profile("validate-only")
    FerryMigrationStrategy validateOnly() {
        return ferry -> {
            ValidateResult result = ferry.migrations().validate();
            if (!result.valid()) {
                throw new FerryException(ErrorCode.VALIDATION_FAILED, result.problems().size() + " migration problem(s): " + result.problems());
            }
        };
    }
}
