package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.doctor.DoctorFinding;
import dev.ferry.doctor.DoctorOptions;
import dev.ferry.doctor.DoctorReport;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "doctor", description = "Health report: database, Ferry tables, schema history, migration lock, protected data, "
        + "snapshots, backups, unfinished transfers; exit 3 when something needs action.")
final class DoctorCommand extends MigrationCommand {
    @Option(names = "--recover", description = "First restore missing or invalid protected rows from the newest valid snapshot.")
    boolean recover;

    @Override
    protected int run(Ferry ferry) {
        DoctorReport r = ferry.doctor(new DoctorOptions(recover));
        if (json) {
            printJson(r);
        } else {
            String text = render(r);
            int last = text.lastIndexOf('\n');
            if (quiet) {
                // What needs action stays visible: one line per problem or warning, before the verdict.
                r.findings().stream().filter(f -> f.status() != DoctorFinding.Status.OK).forEach(f -> Console.out(
                        f.status().name().toLowerCase(Locale.ROOT) + ": " + f.check() + ": " + f.message() + " (" + f.recommendation() + ")"));
            }
            printResult(text.substring(0, last), text.substring(last + 1));
        }
        return r.healthy() ? ExitCodes.OK : ErrorCode.VALIDATION_FAILED.exitCode();
    }

    static String render(DoctorReport r) {
        StringBuilder sb = new StringBuilder();
        if (r.recovery() != null) {
            if (r.recovery().restored().isEmpty()) {
                sb.append("Nothing to recover.\n");
            } else {
                Table t = new Table("Table", "Key", "Action", "From snapshot");
                r.recovery().restored().forEach(x -> t.row(x.table(), x.key(), x.action(), x.snapshotVersion()));
                sb.append("Recovered ").append(r.recovery().restored().size()).append(" row(s) in one transaction (audited as '")
                        .append(r.recovery().changedBy()).append("'):\n").append(t.render()).append("\n");
            }
            r.recovery().notes().forEach(n -> sb.append("note: ").append(n).append('\n'));
            sb.append('\n');
        }
        Table t = new Table("Check", "Status", "Finding", "What to do");
        for (DoctorFinding f : r.findings()) {
            t.row(f.check(), f.status().name().toLowerCase(Locale.ROOT), f.message(), f.recommendation());
        }
        sb.append(t.render()).append("\n\n");
        long problems = r.findings().stream().filter(f -> f.status() == DoctorFinding.Status.PROBLEM).count();
        long warnings = r.findings().stream().filter(f -> f.status() == DoctorFinding.Status.WARNING).count();
        sb.append(r.healthy() ? "Healthy" : "Needs action: " + problems + " problem(s)").append(", ").append(warnings).append(" warning(s) on ")
                .append(r.environment()).append(".");
        return sb.toString();
    }
}
