package dev.ferry.db;

import java.util.ArrayList;
import java.util.List;

/**
 * The schema objects of an archive besides its tables, in the order they are created: those the
 * tables need before they exist (extensions, types, domains, sequences, routines their defaults
 * call), and those created after the rows are loaded (views, triggers, which then do not fire on
 * the load, sequence positions, comments).
 */
public record ObjectDefinitions(List<ObjectDefinition> beforeTables, List<ObjectDefinition> afterData) {
    public static final ObjectDefinitions NONE = new ObjectDefinitions(List.of(), List.of());

    public ObjectDefinitions {
        beforeTables = List.copyOf(beforeTables);
        afterData = List.copyOf(afterData);
    }

    /** These objects followed by {@code other}'s, phase by phase. */
    public ObjectDefinitions plus(ObjectDefinitions other) {
        List<ObjectDefinition> before = new ArrayList<>(beforeTables);
        before.addAll(other.beforeTables);
        List<ObjectDefinition> after = new ArrayList<>(afterData);
        after.addAll(other.afterData);
        return new ObjectDefinitions(before, after);
    }
}
