package dev.ferry.maven;

import dev.ferry.Ferry;
import dev.ferry.transfer.PlanDescription;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.TransferOptions;
import dev.ferry.transfer.TransferResult;
import dev.ferry.transfer.TransferRun;
import dev.ferry.transfer.TransferStatus;
import dev.ferry.transfer.Transfers;
import java.io.File;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Data transfer by plan: {@code plan} describes it, {@code run} runs (or resumes) it, {@code status} reports a run. */
@Mojo(name = "transfer", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class TransferMojo extends FerryMojo {
    /** plan, run or status. */
    @Parameter(property = "ferry.transfer", defaultValue = "plan")
    String action;

    /** The plan file (default: ferry.yaml's transfer.plan, else transfer.yaml). */
    @Parameter(property = "ferry.plan")
    File plan;

    /** For status: the run to report (default: the latest). */
    @Parameter(property = "ferry.runId")
    String runId;

    @Override
    void run(Ferry ferry) throws MojoFailureException {
        Transfers transfers = ferry.transfers(plan == null ? null : plan.toPath(), TransferListener.NONE);
        switch (action) {
            case "plan" -> {
                PlanDescription d = transfers.describe();
                getLog().info("Plan " + d.plan() + " from " + d.source() + " into " + d.target());
                d.entities().forEach(s -> getLog().info("  " + s.order() + ". " + s.entity() + ": " + s.rowsToTransfer() + " row(s), " + s.mode()));
            }
            case "run" -> {
                TransferResult r = transfers.run(TransferOptions.DEFAULTS);
                getLog().info("Transfer run " + r.runId() + " " + r.status() + ": " + r.rowsWritten() + " rows written; reports: .ferry/reports/"
                        + r.runId() + "-transfer.md");
            }
            case "status" -> {
                TransferStatus s = transfers.status(runId);
                getLog().info("Run " + s.run().id() + ": " + s.run().status());
                s.entities().forEach(p -> getLog().info("  " + p.entity() + ": " + p.status() + ", " + p.rowsWritten() + " written"));
                if (TransferRun.FAILED.equals(s.run().status())) {
                    throw new MojoFailureException("Transfer run " + s.run().id() + " failed: " + s.run().error());
                }
            }
            default -> throw new MojoFailureException("ferry.transfer must be plan, run or status, not '" + action + "'");
        }
    }
}
