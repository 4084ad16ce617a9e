package dev.ferry.maven;

import dev.ferry.Ferry;
import dev.ferry.migration.ValidateResult;
import dev.ferry.migration.ValidationProblem;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Fails the build when the migrations and the history disagree (drift, missing or failed migrations). */
@Mojo(name = "validate", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class ValidateMojo extends FerryMojo {

    @Override
    void run(Ferry ferry) throws MojoFailureException {
        ValidateResult r = ferry.migrations().validate();
        if (!r.valid()) {
            StringBuilder msg = new StringBuilder("Validation of '" + r.environment() + "' failed:");
            for (ValidationProblem p : r.problems()) {
                msg.append("\n  ").append(p.kind()).append(p.migration() == null ? "" : " " + p.migration()).append(": ").append(p.message());
            }
            throw new MojoFailureException(msg.toString());
        }
        getLog().info(r.migrationsChecked() + " migration(s) of '" + r.environment() + "' match the history");
    }
}
