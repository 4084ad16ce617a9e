package dev.ferry.transfer.plan;

import dev.ferry.FerryException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders entities so that every parent comes before its children, keeping the plan's own order
 * where it is free to. A cycle is reported naming the entities in it, in order.
 */
final class DependencyGraph {
    private final Map<String, Set<String>> edges = new LinkedHashMap<>();

    public void add(String entity, Set<String> dependsOn) {
        edges.computeIfAbsent(entity, k -> new LinkedHashSet<>()).addAll(dependsOn);
    }

    public List<String> order() {
        List<String> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String e : edges.keySet()) {
            visit(e, done, visiting, new ArrayDeque<>(), ordered);
        }
        return ordered;
    }

    private void visit(String e, Set<String> done, Set<String> visiting, Deque<String> path, List<String> ordered) {
        if (done.contains(e)) {
            return;
        }
        path.addLast(e);
        if (!visiting.add(e)) {
            List<String> cycle = new ArrayList<>(path);
            cycle = cycle.subList(cycle.indexOf(e), cycle.size());
            throw FerryException.invalidInput("The plan's entities depend on each other in a cycle: " + String.join(" -> ", cycle)
                    + ". Break it: make one reference nullable and fill it in a later 'mode: update' entity");
        }
        for (String parent : edges.getOrDefault(e, Set.of())) {
            if (!parent.equals(e)) {
                visit(parent, done, visiting, path, ordered);
            }
        }
        visiting.remove(e);
        path.removeLast();
        done.add(e);
        ordered.add(e);
    }
}
