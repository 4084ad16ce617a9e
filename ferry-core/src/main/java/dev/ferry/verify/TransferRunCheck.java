package dev.ferry.verify;

import dev.ferry.transfer.TransferRun;
import java.util.List;

/**
 * What verifying one transfer run adds: whether the run completed (rows of an unfinished run are
 * missing for a reason no check of the rows can tell), and whether the plan is still the one the
 * run used (a difference may then come from the plan, not from the transfer).
 */
final class TransferRunCheck {
    private TransferRunCheck() {
    }

    public static List<Finding> findings(TransferRun run, String planChecksum) {
        String id = run.id();
        Finding completed = TransferRun.COMPLETED.equals(run.status())
                ? Finding.passed("run", id, Severity.ERROR, "transfer run " + id + " completed at " + run.finishedAt())
                : Finding.failed("run", id, Severity.ERROR, 1, List.of(), "transfer run " + id + " is " + run.status()
                + (TransferRun.RUNNING.equals(run.status()) || TransferRun.FAILED.equals(run.status())
                ? "; not all its rows are there: resume it with 'ferry transfer run --resume " + id + "', then verify" : ""));
        Finding samePlan = planChecksum.equals(run.planChecksum())
                ? Finding.passed("plan", id, Severity.WARNING, "the plan is the one run " + id + " used")
                : Finding.failed("plan", id, Severity.WARNING, 1, List.of(), "the plan changed since run " + id
                + ": a difference may come from the plan rather than from the transfer");
        return List.of(completed, samePlan);
    }
}
