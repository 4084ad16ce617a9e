package dev.ferry.spring.boot;

import dev.ferry.Ferry;
import dev.ferry.migration.MigrationInfo;
import dev.ferry.migration.StatusResult;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/** {@code /actuator/ferry}: every migration with its state, as {@code ferry status} shows them. */
@Endpoint(id = "ferry")
public class FerryEndpoint {
    private final Ferry ferry;

    public FerryEndpoint(Ferry ferry) {
        this.ferry = ferry;
    }

    @ReadOperation
    public MigrationsDescriptor migrations() {
        StatusResult status = ferry.migrations().status();
        return new MigrationsDescriptor(status.environment(), status.database(), status.schemaVersion(),
                status.migrations().stream().map(MigrationDescriptor::of).toList(), status.notes(), status.errors());
    }

    /** The endpoint's answer: the database (its URL without password) and its migrations. */
    public record MigrationsDescriptor(String environment, String database, String schemaVersion,
            List<MigrationDescriptor> migrations, List<String> notes, List<String> errors) {
    }

    /** One migration; {@code state} is Ferry's state name, e.g. {@code APPLIED}, {@code PENDING}, {@code DRIFTED}. */
    public record MigrationDescriptor(String version, String description, String type, String script, String state,
            Instant installedAt, String installedBy, Long executionMs, String detail) {
        static MigrationDescriptor of(MigrationInfo m) {
            return new MigrationDescriptor(m.version(), m.description(), m.type() == null ? null : m.type().name(), m.script(),
                    m.state().name(), m.installedAt(), m.installedBy(), m.executionMs(), m.detail());
        }
    }
}
