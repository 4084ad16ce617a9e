package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.protection.CheckResult;
import picocli.CommandLine.Command;

@Command(name = "check", description = "Check every protected row against its JSON Schema and rules and list missing or invalid "
        + "rows; exit 3 when there are any.")
final class ProtectCheckCommand extends EnvironmentCommand {
    @Override
    protected int run(Ferry ferry) {
        CheckResult r = ferry.protection().check();
        if (json) {
            printJson(r);
        } else {
            Table t = new Table("Table", "Rows", "Required", "Problems");
            r.tables().forEach(s -> t.row(s.table(), s.rows(), s.requiredRows(), s.problems()));
            Console.out(t.render());
            if (!r.valid()) {
                Table p = new Table("Table", "Kind", "Key", "Problem");
                r.problems().forEach(x -> p.row(x.table(), x.kind(), x.key(), x.message()));
                Console.out("");
                Console.out(p.render());
                Console.out("'ferry doctor --recover' restores missing and invalid rows from the newest snapshot.");
            }
        }
        return r.valid() ? ExitCodes.OK : ErrorCode.VALIDATION_FAILED.exitCode();
    }
}
