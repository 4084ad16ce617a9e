package dev.ferry.transfer;

import dev.ferry.FerryException;
import dev.ferry.db.Catalogs;
import dev.ferry.db.Dialect;
import dev.ferry.transfer.plan.EntityJob;
import dev.ferry.transfer.plan.EntityPlan;
import dev.ferry.transfer.plan.TransferPlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which entities a run moves: those named by {@code --entities} and {@code --group}, plus the
 * parents they depend on whose target tables are still empty. Without those parents every child
 * row would be rejected for a missing parent; with {@code --only} the run is refused instead,
 * naming them.
 */
final class EntitySelection {
    private EntitySelection() {
    }

    /** The entities asked for: {@code --entities} and the members of {@code --group}; empty for the whole plan. Unknown names are invalid input. */
    static List<String> requested(TransferPlan plan, TransferOptions options) {
        Set<String> names = new LinkedHashSet<>(options.entities() == null ? List.of() : options.entities());
        if (options.group() != null) {
            List<String> members = plan.groups().get(options.group());
            if (members == null) {
                throw FerryException.invalidInput("--group: the plan " + plan.file().getFileName() + " has no group '" + options.group() + "'; "
                        + (plan.groups().isEmpty() ? "it defines none (add 'groups: {NAME: [entity, ...]}')"
                        : "it defines: " + String.join(", ", plan.groups().keySet())));
            }
            names.addAll(members);
        }
        List<String> known = plan.entities().stream().map(EntityPlan::name).toList();
        for (String n : names) {
            if (!known.contains(n)) {
                throw FerryException.invalidInput("--entities: unknown entity '" + n + "'; the plan defines: " + String.join(", ", known));
            }
        }
        return List.copyOf(names);
    }

    /**
     * The jobs of the {@code requested} entities (all when none are), their second passes, and the
     * parents they depend on (transitively) whose target tables hold no rows, each added with a
     * note; with {@code only}, such a parent is invalid input instead.
     */
    static List<EntityJob> select(List<EntityJob> all, List<String> requested, boolean only, Connection target, Dialect dialect,
                                  List<String> notes) throws SQLException {
        if (requested.isEmpty()) {
            return all;
        }
        Map<String, EntityJob> entities = new LinkedHashMap<>();
        all.stream().filter(j -> !j.secondPass()).forEach(j -> entities.put(j.name(), j));
        Set<String> chosen = new LinkedHashSet<>(requested);
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        Deque<String> todo = new ArrayDeque<>(requested);
        while (!todo.isEmpty()) {
            String child = todo.pop();
            for (String parent : entities.get(child).plan().dependsOn()) {
                if (parent.equals(child) || chosen.contains(parent) || !empty(target, dialect, entities.get(parent))) {
                    continue;
                }
                missing.computeIfAbsent(parent, k -> new LinkedHashSet<>()).add(child);
                if (!only) {
                    chosen.add(parent);
                    todo.add(parent);
                }
            }
        }
        if (!missing.isEmpty()) {
            List<String> why = new ArrayList<>();
            missing.forEach((parent, children) -> why.add(String.join(", ", children) + " depend" + (children.size() == 1 ? "s" : "")
                    + " on " + parent + ", whose target table " + entities.get(parent).target() + " holds no rows"));
            if (only) {
                throw FerryException.invalidInput("--only: the selected entities need parents that are not in the target: " + String.join("; ", why)
                        + ". Add " + String.join(", ", missing.keySet()) + " to --entities (or transfer them first), or drop --only "
                        + "to let the run add them. Nothing was transferred");
            }
            notes.add("Added " + String.join(", ", missing.keySet()) + " to the run: " + String.join("; ", why));
        }
        return all.stream().filter(j -> chosen.contains(j.secondPass() ? j.plan().updates() : j.name())).toList();
    }

    private static boolean empty(Connection target, Dialect dialect, EntityJob parent) throws SQLException {
        return Catalogs.count(target, "SELECT COUNT(*) FROM (SELECT 1 AS one FROM " + parent.target().quoted(dialect) + " LIMIT 1) t") == 0;
    }
}
