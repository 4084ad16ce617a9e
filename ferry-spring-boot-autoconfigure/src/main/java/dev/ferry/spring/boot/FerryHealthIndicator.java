package dev.ferry.spring.boot;

import dev.ferry.Ferry;
import dev.ferry.migration.MigrationInfo;
import dev.ferry.migration.MigrationState;
import dev.ferry.migration.StatusResult;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Down when an applied migration no longer matches its file (drifted), has no file (missing) or
 * failed: the schema is then not what the code was written for. Pending migrations alone are
 * reported, not counted as down, since the next start applies them.
 */
public class FerryHealthIndicator extends AbstractHealthIndicator {
    private static final Set<MigrationState> UNHEALTHY = EnumSet.of(MigrationState.DRIFTED, MigrationState.MISSING, MigrationState.FAILED);

    private final Ferry ferry;

    public FerryHealthIndicator(Ferry ferry) {
        super("Ferry could not read the migration status");
        this.ferry = ferry;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        StatusResult status = ferry.migrations().status();
        List<String> problems = status.migrations().stream().filter(m -> UNHEALTHY.contains(m.state()))
                .map(FerryHealthIndicator::describe).toList();
        (problems.isEmpty() && status.errors().isEmpty() ? builder.up() : builder.down())
                .withDetail("schemaVersion", status.schemaVersion() == null ? "<none>" : status.schemaVersion())
                .withDetail("pending", status.count(MigrationState.PENDING))
                .withDetail("drifted", status.count(MigrationState.DRIFTED))
                .withDetail("failed", status.count(MigrationState.FAILED))
                .withDetail("missing", status.count(MigrationState.MISSING));
        if (!problems.isEmpty()) {
            builder.withDetail("problems", problems);
        }
        if (!status.errors().isEmpty()) {
            builder.withDetail("errors", status.errors());
        }
    }

    private static String describe(MigrationInfo m) {
        return m.state().label() + ": " + (m.version() == null ? "" : m.version() + " ") + "(" + m.script() + ") " + m.detail();
    }
}
