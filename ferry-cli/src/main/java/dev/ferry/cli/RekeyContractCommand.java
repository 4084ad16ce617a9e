package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.config.Durations;
import dev.ferry.rekey.ContractOptions;
import dev.ferry.rekey.ContractResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "contract", description = "Phase 4: drop the integer key and foreign-key columns, sync triggers and v1 views for good, "
        + "keeping ferry_id_map; ANALYZE and compare the join plans. Exit 5 unless switched, v1 quiet for --quiet-for, a backup newer "
        + "than the switch exists and (protected) --confirm; exit 3 when verification fails.")
final class RekeyContractCommand extends RekeyBase {
    @Option(names = "--quiet-for", paramLabel = "DURATION", description = "How long no client may have used v1 (default: 24h).")
    String quietFor = "24h";

    @Option(names = "--confirm", description = "Confirm on a protected environment.")
    boolean confirm;

    @Option(names = "--dry-run", description = "Check the gates and print the exact statements, in order; change nothing.")
    boolean dryRun;

    @Override
    protected int run(Ferry ferry) {
        ContractResult r = rekeys(ferry).contract(new ContractOptions(Durations.parse(quietFor, "--quiet-for"), confirm, dryRun));
        if (json) {
            printJson(r);
        } else if (r.alreadyContracted()) {
            Console.out("Already contracted: no integer key is left (legacy keys are in ferry_id_map).");
        } else if (r.dryRun()) {
            printDryRun(r.statements());
        } else {
            Table t = new Table("Foreign-key join", "Cost before (integer)", "Cost after (UUID)");
            for (ContractResult.JoinPlan j : r.joins()) {
                t.row(j.join(), String.format("%.2f", j.costBefore()), j.costAfter() == null ? "" : String.format("%.2f", j.costAfter()));
            }
            printResult(t.render(), "Contracted (run " + r.runId() + "): integer columns, sync triggers and v1 views dropped; "
                    + r.idMapRows() + " legacy key(s) in ferry_id_map.");
        }
        return ExitCodes.OK;
    }
}
