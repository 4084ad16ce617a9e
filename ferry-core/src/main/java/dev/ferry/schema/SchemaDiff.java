package dev.ferry.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The differences that take one schema snapshot to another, in a stable order (schema, kind, name). */
public final class SchemaDiff {
    private SchemaDiff() {
    }

    public static List<SchemaChange> between(SchemaSnapshot from, SchemaSnapshot to) {
        Map<String, SchemaObject> before = byKey(from);
        Map<String, SchemaObject> after = byKey(to);
        List<SchemaChange> changes = new ArrayList<>();
        for (SchemaObject o : before.values()) {
            SchemaObject other = after.get(o.key());
            if (other == null) {
                changes.add(new SchemaChange(SchemaChange.Change.REMOVED, o.schema(), o.kind(), o.name(), o.definition(), null));
            } else if (!other.definition().equals(o.definition())) {
                changes.add(new SchemaChange(SchemaChange.Change.CHANGED, o.schema(), o.kind(), o.name(), o.definition(), other.definition()));
            }
        }
        for (SchemaObject o : after.values()) {
            if (!before.containsKey(o.key())) {
                changes.add(new SchemaChange(SchemaChange.Change.ADDED, o.schema(), o.kind(), o.name(), null, o.definition()));
            }
        }
        changes.sort(java.util.Comparator.comparing((SchemaChange c) -> c.schema() + " " + c.kind() + " " + c.name()));
        return changes;
    }

    private static Map<String, SchemaObject> byKey(SchemaSnapshot s) {
        Map<String, SchemaObject> m = new LinkedHashMap<>();
        s.objects().forEach(o -> m.put(o.key(), o));
        return m;
    }
}
