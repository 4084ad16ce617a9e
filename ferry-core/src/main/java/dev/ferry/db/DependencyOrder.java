package dev.ferry.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Puts objects in an order that creates each after the ones it depends on (a view after the view
 * it selects from, a domain after its enum). Among objects that are free to go, the given order
 * wins, so the result is stable; a cycle, which the server would refuse anyway, keeps it too.
 */
final class DependencyOrder {
    private DependencyOrder() {
    }

    /** {@code dependsOn} maps a key to the keys it needs; keys outside {@code items} are taken as there already. */
    static <T> List<T> sort(List<T> items, Function<T, String> key, Map<String, Set<String>> dependsOn) {
        Map<String, T> pending = new LinkedHashMap<>();
        items.forEach(i -> pending.put(key.apply(i), i));
        List<T> out = new ArrayList<>();
        while (!pending.isEmpty()) {
            String next = pending.keySet().stream()
                    .filter(k -> dependsOn.getOrDefault(k, Set.of()).stream().noneMatch(dep -> !dep.equals(k) && pending.containsKey(dep)))
                    .findFirst().orElse(pending.keySet().iterator().next());
            out.add(pending.remove(next));
        }
        return out;
    }
}
