package dev.ferry.maven;

import dev.ferry.Ferry;
import dev.ferry.migration.MigrateOptions;
import dev.ferry.migration.MigrateResult;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Applies pending migrations; sets the project property {@code ferry.current} to the schema version after it. */
@Mojo(name = "migrate", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, requiresDependencyResolution = ResolutionScope.RUNTIME,
        threadSafe = true)
public class MigrateMojo extends FerryMojo {
    /** Apply versioned migrations up to this version only. */
    @Parameter(property = "ferry.target")
    String target;

    /** Also apply pending migrations older than the newest applied one. */
    @Parameter(property = "ferry.outOfOrder", defaultValue = "false")
    boolean outOfOrder;

    /** Log the SQL that would run and change nothing. */
    @Parameter(property = "ferry.dryRun", defaultValue = "false")
    boolean dryRun;

    @Override
    void run(Ferry ferry) {
        MigrateResult r = ferry.migrations().migrate(new MigrateOptions(target, dryRun, outOfOrder));
        if (r.dryRun()) {
            r.dryRunSql().lines().forEach(getLog()::info);
        }
        getLog().info((r.dryRun() ? "Would apply " : "Applied ") + r.applied().size() + " migration(s) to '" + r.environment()
                + "'; schema version " + display(r.schemaVersionBefore()) + " -> " + display(r.schemaVersionAfter()));
        StatusMojo.publish(project, r.schemaVersionAfter());
    }

    static String display(String version) {
        return version == null ? "none" : version;
    }
}
