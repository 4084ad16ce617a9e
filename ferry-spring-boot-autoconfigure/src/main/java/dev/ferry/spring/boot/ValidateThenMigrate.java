package dev.ferry.spring.boot;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.migration.MigrateOptions;
import dev.ferry.migration.MigrateResult;
import dev.ferry.migration.ValidateResult;
import dev.ferry.migration.ValidationProblem;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The default start-up: with {@code ferry.validate-on-migrate} every problem {@code ferry validate}
 * reports stops the application before anything is applied; then pending migrations run. Migrate
 * itself still refuses drifted or missing migrations when validation is off.
 */
final class ValidateThenMigrate implements FerryMigrationStrategy {
    private static final Log LOG = LogFactory.getLog(ValidateThenMigrate.class);

    private final boolean validate;

    ValidateThenMigrate(boolean validate) {
        this.validate = validate;
    }

    @Override
    public void migrate(Ferry ferry) {
        if (validate) {
            ValidateResult result = ferry.migrations().validate();
            if (!result.valid()) {
                throw new FerryException(ErrorCode.VALIDATION_FAILED, "Validation of " + result.environment() + " ("
                        + result.database() + ") failed before migrating: " + result.problems().size() + " problem(s).\n  "
                        + result.problems().stream().map(ValidateThenMigrate::line).collect(Collectors.joining("\n  "))
                        + "\nFix the files, or run 'ferry repair' once they are right; ferry.validate-on-migrate=false skips this check.");
            }
        }
        MigrateResult result = ferry.migrations().migrate(MigrateOptions.DEFAULTS);
        result.notes().forEach(LOG::warn);
        LOG.info("Ferry migrated " + result.database() + " from " + orNone(result.schemaVersionBefore()) + " to "
                + orNone(result.schemaVersionAfter()) + ": " + result.applied().size() + " migration(s) applied");
    }

    private static String line(ValidationProblem p) {
        return p.kind() + (p.migration() == null ? "" : " " + p.migration()) + ": " + p.message();
    }

    private static String orNone(String version) {
        return version == null ? "<none>" : version;
    }
}
