package dev.ferry.maven;

import dev.ferry.Ferry;
import dev.ferry.migration.BaselineResult;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Marks an existing database as being at a version, so migrate starts above it. */
@Mojo(name = "baseline", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class BaselineMojo extends FerryMojo {
    @Parameter(property = "ferry.baselineVersion", required = true)
    String baselineVersion;

    @Parameter(property = "ferry.baselineDescription", defaultValue = "baseline")
    String baselineDescription;

    @Override
    void run(Ferry ferry) {
        BaselineResult r = ferry.migrations().baseline(baselineVersion, baselineDescription);
        getLog().info("Baselined '" + r.environment() + "' at version " + r.version());
    }
}
