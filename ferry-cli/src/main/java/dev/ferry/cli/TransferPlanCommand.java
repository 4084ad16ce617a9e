package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.transfer.PlanDescription;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.plan.PlanScaffold;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "plan", description = "Show the entities in the order they will run, what each waits for and why, the second passes, with row counts; moves nothing.")
final class TransferPlanCommand extends TransferBase {
    @Override
    protected int run(Ferry ferry) {
        // What 'transfer init' left open is listed first: the plan may not load until it is answered.
        List<String> todos = PlanScaffold.todos(ferry.project().transferPlan(plan));
        if (!todos.isEmpty()) {
            Console.err(todos.size() + " TODO(s) still open in the plan:");
            todos.forEach(t -> Console.err("  " + t));
        }
        PlanDescription d = transfers(ferry, TransferListener.NONE).describe();
        if (json) {
            printJson(d);
            return ExitCodes.OK;
        }
        Console.out("Plan " + d.plan());
        Console.out("  from " + d.source());
        Console.out("  into " + d.target());
        Table t = new Table("#", "Entity", "Source", "Target", "Mode", "Key", "After", "Rows", "Filtered", "In target", "Slices");
        for (PlanDescription.Step s : d.entities()) {
            t.row(s.order(), s.entity(), s.source(), s.target(), s.mode(), s.key(), String.join(", ", s.dependsOn()), s.rowsToTransfer(),
                    s.rowsFiltered(), s.targetRows(), s.slices() == 0 ? "auto" : s.slices());
        }
        Console.out(t.render());
        for (PlanDescription.Step s : d.entities()) {
            List<String> waits = s.edges().stream().filter(e -> !e.secondPass())
                    .map(e -> e.parent() + " (" + (e.column() == null ? "" : e.column() + ", ") + e.origin() + ")").toList();
            if (!waits.isEmpty()) {
                Console.out("  " + s.entity() + " after " + String.join(", ", waits));
            }
        }
        for (PlanDescription.SecondPass p : d.secondPasses()) {
            Console.out("  then: " + p.step() + " filled after " + p.after() + " (" + p.reason() + "; " + p.rowsToFill() + " rows)");
        }
        for (PlanDescription.Step s : d.entities()) {
            if (!s.references().isEmpty()) {
                Console.out("  " + s.entity() + " rewrites " + String.join(", ", s.references())
                        + (s.idMap() ? "; records legacy -> new keys in ferry_id_map" : ""));
            }
        }
        return ExitCodes.OK;
    }
}
