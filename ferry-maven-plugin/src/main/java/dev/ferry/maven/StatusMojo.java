package dev.ferry.maven;

import dev.ferry.Ferry;
import dev.ferry.migration.MigrationInfo;
import dev.ferry.migration.StatusResult;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/** Logs every migration with its state; sets {@code ferry.current} to the schema version. */
@Mojo(name = "status", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class StatusMojo extends FerryMojo {

    @Override
    void run(Ferry ferry) {
        StatusResult s = ferry.migrations().status();
        getLog().info("Environment " + s.environment() + " (" + s.database() + "), schema version " + MigrateMojo.display(s.schemaVersion()));
        for (MigrationInfo m : s.migrations()) {
            getLog().info(String.format("  %-8s %-30s %-9s %-12s %s", m.version() == null ? "" : m.version(), m.description(),
                    m.isJava() ? "java" : m.type().name().toLowerCase(java.util.Locale.ROOT), m.state().label(), m.detail()));
        }
        s.errors().forEach(getLog()::error);
        publish(project, s.schemaVersion());
    }

    /** The schema version for later plugins of the build, as {@code ${ferry.current}}; empty when nothing is applied. */
    static void publish(MavenProject project, String version) {
        project.getProperties().setProperty("ferry.current", version == null ? "" : version);
    }
}
