package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.rekey.KeyCheck;
import dev.ferry.rekey.SwitchResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "switch", description = "Phase 3: verify every key, then make each UUID the primary key and the UUID foreign keys the "
        + "enforced ones; integer columns stay, optional and deprecated. Exit 5 unless expanded, 3 when verification fails.")
final class RekeySwitchCommand extends RekeyBase {
    @Option(names = "--dry-run", description = "Print the exact statements, in order; change nothing.")
    boolean dryRun;

    @Override
    protected int run(Ferry ferry) {
        SwitchResult r = rekeys(ferry).switchKeys(dryRun);
        if (json) {
            printJson(r);
        } else if (r.dryRun()) {
            printDryRun(r.statements());
        } else {
            Table t = new Table("Table", "Column", "Rows", "UUID only", "Mismatches");
            for (KeyCheck k : r.verification()) {
                t.row(k.table(), k.column(), k.rows(), k.uuidOnly(), k.mismatches());
            }
            StringBuilder views = new StringBuilder();
            for (SwitchResult.ViewTwin v : r.views()) {
                views.append(v.twin() != null ? v.kind() + " " + v.view() + ": its twin " + v.twin() + " runs it over the UUIDs\n"
                        : v.kind() + " " + v.view() + ": no twin, " + v.problem() + " (a contract blocker, see 'ferry rekey analyze')\n");
            }
            printResult(t.render() + views + "\n" + locks(r.longestLocks()), r.verified() ? "Switched (run " + r.runId() + "): the UUIDs are the keys; verification clean."
                    : "Switched (run " + r.runId() + "), but verification found mismatches; see the table.");
        }
        return r.verified() ? ExitCodes.OK : ErrorCode.VALIDATION_FAILED.exitCode();
    }
}
