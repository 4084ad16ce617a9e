package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.verify.VerifyLevel;
import dev.ferry.verify.VerifyReports;
import dev.ferry.verify.VerifyResult;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", description = "Prove that a transfer kept every row: counts, ID map and (standard) every row's content; exit 3 on errors.",
        subcommands = {VerifyIntegrityCommand.class, VerifyUndoCommand.class})
final class VerifyCommand extends EnvironmentCommand {
    @Option(names = {"-p", "--plan"}, paramLabel = "FILE", description = "Transfer plan (default: transfer.plan in ferry.yaml, else transfer.yaml).")
    Path plan;

    @Option(names = "--level", description = "basic, standard (default), rigorous or forensic.")
    VerifyLevel level = VerifyLevel.STANDARD;

    @Option(names = "--entities", split = ",", paramLabel = "NAME", description = "Only these entities.")
    List<String> entities = List.of();

    @Option(names = "--run", paramLabel = "RUN", description = "Verify what this transfer run left: it must have completed, "
            + "and only its rejected rows excuse missing ones ('ferry transfer list' shows the runs).")
    String run;

    @Mixin
    VerifyOptions checks;

    /** --fix here backfills tenants, copies missing rows again and restores changed rows, through the plan. */
    @Mixin
    FixOptions repair;

    @Override
    protected int run(Ferry ferry) {
        if (repair.fix) {
            VerifyUndoCommand.print(ferry.verification().fixTransfer(plan, entities, repair.dryRun, repair.confirm), json);
            if (repair.dryRun) {
                return ExitCodes.OK;
            }
        }
        VerifyResult r;
        try (CommandProgress progress = CommandProgress.start("verifying", null, json || quiet)) {
            r = ferry.verification().transfer(plan, level, entities, checks.resolve(ferry.settings().projectDir()), run);
        }
        return print(r, json, quiet);
    }

    /** With {@code quiet}, a clean result is one line; a failed one also lists the failed checks. */
    static int print(VerifyResult r, boolean json, boolean quiet) {
        if (json) {
            printJson(r);
        } else if (quiet) {
            r.findings().stream().filter(f -> f.status() == dev.ferry.verify.CheckStatus.FAILED)
                    .forEach(f -> Console.out("failed: " + f.check() + " " + f.subject() + ": " + f.message()));
            Console.out("Verification " + r.runId() + ": " + (r.clean() ? "clean" : "FAILED") + " (" + r.count(dev.ferry.verify.CheckStatus.PASSED)
                    + " passed, " + r.count(dev.ferry.verify.CheckStatus.FAILED) + " failed); reports: .ferry/reports/" + r.runId() + "-verify.md");
        } else {
            Console.out(VerifyReports.markdown(r).stripTrailing());
            Console.out("Reports: .ferry/reports/" + r.runId() + "-verify.html (also .md, .json and .csv)");
        }
        return r.clean() ? ExitCodes.OK : ErrorCode.VALIDATION_FAILED.exitCode();
    }
}
