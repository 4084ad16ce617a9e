package dev.ferry.cli;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Dropped or rebuilt indexes and foreign keys ("kind name" each) told by count, not listed one by one. */
final class Constraints {
    private Constraints() {
    }

    /** "6 constraints (4 index, 2 foreign key)". */
    static String summary(List<String> items) {
        Map<String, Integer> byKind = new TreeMap<>();
        for (String item : items) {
            int space = item.indexOf(' ');
            byKind.merge((space > 0 ? item.substring(0, space) : item).replace('_', ' '), 1, Integer::sum);
        }
        String kinds = byKind.entrySet().stream().map(k -> k.getValue() + " " + k.getKey()).collect(Collectors.joining(", "));
        return items.size() + (items.size() == 1 ? " constraint" : " constraints") + (byKind.size() > 0 ? " (" + kinds + ")" : "");
    }
}
