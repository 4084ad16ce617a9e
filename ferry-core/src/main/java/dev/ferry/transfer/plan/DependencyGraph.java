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
        List<String> cycle = cycle();
        if (!cycle.isEmpty()) {
            throw FerryException.invalidInput("The plan's entities depend on each other in a cycle: " + String.join(" -> ", cycle)
                    + ". Break it: make one reference nullable and fill it in a later 'mode: update' entity");
        }
        List<String> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (String e : edges.keySet()) {
            visit(e, done, new LinkedHashSet<>(), new ArrayDeque<>(), ordered);
        }
        return ordered;
    }

    /**
     * The first cycle met walking the entities in order, as a path that starts and ends with the
     * same entity, each depending on the next; empty when there is none.
     */
    public List<String> cycle() {
        Set<String> done = new LinkedHashSet<>();
        for (String e : edges.keySet()) {
            List<String> found = new ArrayList<>();
            if (visit(e, done, new LinkedHashSet<>(), new ArrayDeque<>(), found)) {
                return found;
            }
        }
        return List.of();
    }

    /**
     * Parents first where that is possible; where a cycle leaves no entity free to go, the first
     * waiting entity in the plan's order goes next. For display and as the plan's order only.
     */
    public List<String> orderAllowingCycles() {
        List<String> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (done.size() < edges.size()) {
            String next = edges.keySet().stream().filter(e -> !done.contains(e))
                    .filter(e -> edges.get(e).stream().allMatch(p -> p.equals(e) || done.contains(p) || !edges.containsKey(p)))
                    .findFirst().orElseGet(() -> edges.keySet().stream().filter(e -> !done.contains(e)).findFirst().orElseThrow());
            done.add(next);
            ordered.add(next);
        }
        return ordered;
    }

    /** Depth first; on a cycle, {@code ordered} is replaced by the cycle's path and the walk stops. */
    private boolean visit(String e, Set<String> done, Set<String> visiting, Deque<String> path, List<String> ordered) {
        if (done.contains(e)) {
            return false;
        }
        path.addLast(e);
        if (!visiting.add(e)) {
            List<String> cycle = new ArrayList<>(path);
            ordered.clear();
            ordered.addAll(cycle.subList(cycle.indexOf(e), cycle.size()));
            return true;
        }
        for (String parent : edges.getOrDefault(e, Set.of())) {
            if (!parent.equals(e) && visit(parent, done, visiting, path, ordered)) {
                return true;
            }
        }
        visiting.remove(e);
        path.removeLast();
        done.add(e);
        ordered.add(e);
        return false;
    }
}
