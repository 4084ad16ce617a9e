package dev.ferry.maven;

import dev.ferry.Ferry;
import dev.ferry.verify.CheckStatus;
import dev.ferry.verify.Finding;
import dev.ferry.verify.IntegrityOptions;
import dev.ferry.verify.VerifyLevel;
import dev.ferry.verify.VerifyResult;
import java.io.File;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Verifies a transfer against its plan, or, with {@code ferry.integrity}, the database's referential integrity; fails on a finding. */
@Mojo(name = "verify", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class VerifyMojo extends FerryMojo {
    /** The plan file (default: ferry.yaml's transfer.plan, else transfer.yaml). */
    @Parameter(property = "ferry.plan")
    File plan;

    /** basic, standard, rigorous or forensic. */
    @Parameter(property = "ferry.level", defaultValue = "STANDARD")
    VerifyLevel level;

    /** Check the environment's own integrity instead of a transfer. */
    @Parameter(property = "ferry.integrity", defaultValue = "false")
    boolean integrity;

    @Override
    void run(Ferry ferry) throws MojoFailureException {
        VerifyResult r = integrity ? ferry.verification().integrity(IntegrityOptions.NONE)
                : ferry.verification().transfer(plan == null ? null : plan.toPath(), level, List.of(), IntegrityOptions.NONE);
        List<Finding> failed = r.findings().stream().filter(f -> f.status() == CheckStatus.FAILED).toList();
        getLog().info("Verification " + r.runId() + ": " + r.findings().size() + " check(s); reports: .ferry/reports/" + r.runId() + "-verify.md");
        if (!r.clean()) {
            StringBuilder msg = new StringBuilder("Verification " + r.runId() + " failed:");
            failed.forEach(f -> msg.append("\n  ").append(f.check()).append(' ').append(f.subject()).append(": ").append(f.message()));
            throw new MojoFailureException(msg.toString());
        }
    }
}
