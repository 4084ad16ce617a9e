package dev.ferry.protection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Validates one protected row's JSON columns against their schemas. */
final class RowValidator {
    private RowValidator() {
    }

    /** What is wrong with the row, one line per problem (column, schema file, message); empty when valid. */
    static List<String> problems(ProtectedTable table, ObjectNode row) {
        List<String> out = new ArrayList<>();
        for (JsonRule rule : table.json()) {
            JsonNode value = row.get(rule.column());
            String kind = null;
            if (rule.discriminator() != null) {
                JsonNode k = row.get(rule.discriminator());
                kind = k == null || k.isNull() ? null : k.asText();
            }
            SchemaFile schema = rule.schemaFor(kind);
            if (schema == null) {
                out.add(rule.column() + ": no JSON Schema for " + rule.discriminator() + " = '" + kind + "' (schemas exist for "
                        + String.join(", ", new java.util.TreeSet<>(rule.byValue().keySet())) + ")");
                continue;
            }
            if (value == null || value.isNull()) {
                out.add(rule.column() + " is NULL; " + schema.file() + " expects a document");
                continue;
            }
            for (String p : schema.problems(value)) {
                out.add(rule.column() + " (" + schema.file() + "): " + p);
            }
        }
        return out;
    }
}
