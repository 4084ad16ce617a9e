package dev.ferry.protection;

import dev.ferry.db.TableRef;
import java.util.List;

/**
 * A table whose rows must never be lost, as declared under {@code protected_data.tables}.
 *
 * @param name the table as written in ferry.yaml ({@code table} or {@code schema.table})
 * @param required the keys of rows that must exist, each a list of key values in key-column order
 */
public record ProtectedTable(String name, List<String> key, List<List<String>> required, List<JsonRule> json, List<SqlCheck> checks) {

    public TableRef ref(String defaultSchema) {
        return TableRef.parse(name, defaultSchema);
    }

    /** How a key is written in reports and in the audit trail: the values joined with {@code |}. */
    public static String keyText(List<String> values) {
        return String.join("|", values);
    }

    public List<String> requiredKeyTexts() {
        return required.stream().map(ProtectedTable::keyText).toList();
    }

    public java.util.Set<String> jsonColumns() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        json.forEach(j -> out.add(j.column()));
        return out;
    }
}
