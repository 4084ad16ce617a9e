package dev.ferry.maven;

import dev.ferry.Ferry;
import dev.ferry.migration.RollbackOptions;
import dev.ferry.migration.RollbackResult;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Rolls back the newest migrations, with their down scripts or their classes' {@code rollback(Context)}. */
@Mojo(name = "rollback", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class RollbackMojo extends FerryMojo {
    /** How many versions to roll back (default 1). */
    @Parameter(property = "ferry.steps")
    Integer steps;

    /** Roll back every version above this one instead. */
    @Parameter(property = "ferry.toVersion")
    String toVersion;

    /** Confirms a rollback on an environment marked protected. */
    @Parameter(property = "ferry.confirm", defaultValue = "false")
    boolean confirm;

    @Parameter(property = "ferry.dryRun", defaultValue = "false")
    boolean dryRun;

    @Override
    void run(Ferry ferry) {
        RollbackResult r = ferry.migrations().rollback(new RollbackOptions(toVersion == null && steps == null ? 1 : steps, toVersion, dryRun),
                confirm);
        if (r.dryRunSql() != null) {
            r.dryRunSql().lines().forEach(getLog()::info);
        }
        getLog().info((r.dryRun() ? "Would roll back " : "Rolled back ") + r.rolledBack().size() + " migration(s); schema version "
                + MigrateMojo.display(r.schemaVersionBefore()) + " -> " + MigrateMojo.display(r.schemaVersionAfter()));
        StatusMojo.publish(project, r.schemaVersionAfter());
    }
}
