package dev.ferry.db;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders tables (or anything named) so that parents come before their children, keeping the
 * given order where it is free to. Deletes run in the reverse order. A cycle cannot be ordered;
 * its members keep the given order, and the database decides whether the statements pass.
 */
public final class ParentsFirst {
    private ParentsFirst() {
    }

    /** @param parents each name with the names it refers to, in the preferred order */
    public static List<String> order(Map<String, Set<String>> parents) {
        List<String> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> visiting = new HashSet<>();
        for (String name : parents.keySet()) {
            visit(name, parents, done, visiting, out);
        }
        return out;
    }

    /** The tables of {@code tables} in one schema, parents first, along the schema's declared foreign keys. */
    public static List<String> tables(List<String> tables, List<ForeignKey> foreignKeys) {
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        tables.forEach(t -> parents.put(t, new java.util.LinkedHashSet<>()));
        for (ForeignKey fk : foreignKeys) {
            if (parents.containsKey(fk.table()) && parents.containsKey(fk.refTable()) && !fk.table().equals(fk.refTable())) {
                parents.get(fk.table()).add(fk.refTable());
            }
        }
        return order(parents);
    }

    private static void visit(String name, Map<String, Set<String>> parents, Set<String> done, Set<String> visiting, List<String> out) {
        if (done.contains(name) || !visiting.add(name)) {
            return;
        }
        for (String p : parents.getOrDefault(name, Set.of())) {
            if (parents.containsKey(p)) {
                visit(p, parents, done, visiting, out);
            }
        }
        visiting.remove(name);
        done.add(name);
        out.add(name);
    }
}
