package dev.ferry.maven;

import dev.ferry.Ferry;
import dev.ferry.doctor.DoctorFinding;
import dev.ferry.doctor.DoctorOptions;
import dev.ferry.doctor.DoctorReport;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** The health report of the environment; fails the build when it is not healthy. */
@Mojo(name = "doctor", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class DoctorMojo extends FerryMojo {
    /** Restore lost protected rows before reporting. */
    @Parameter(property = "ferry.recover", defaultValue = "false")
    boolean recover;

    @Override
    void run(Ferry ferry) throws MojoFailureException {
        DoctorReport r = ferry.doctor(new DoctorOptions(recover));
        for (DoctorFinding f : r.findings()) {
            String line = f.status() + " " + f.check() + ": " + f.message()
                    + (f.status() == DoctorFinding.Status.OK ? "" : " (" + f.recommendation() + ")");
            if (f.status() == DoctorFinding.Status.OK) {
                getLog().info(line);
            } else {
                getLog().warn(line);
            }
        }
        if (!r.healthy()) {
            throw new MojoFailureException("'" + r.environment() + "' is not healthy; see the findings above");
        }
    }
}
