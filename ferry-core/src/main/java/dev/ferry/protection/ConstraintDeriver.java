package dev.ferry.protection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.db.Dialect;
import dev.ferry.db.ProtectionSql;
import dev.ferry.db.TableRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Derives the part of a JSON Schema that a CHECK constraint can hold, so the database itself
 * refuses the worst edits: the document is an object, and properties fixed by {@code const} or
 * {@code enum} to scalars (nested through {@code properties}) have those values. The rest of the
 * schema is enforced by {@code protect check} and {@code doctor}.
 */
final class ConstraintDeriver {
    /** A CHECK constraint Ferry installs; {@code condition} is SQL. */
    record DerivedCheck(String name, String condition) {
    }

    private ConstraintDeriver() {
    }

    static List<DerivedCheck> derive(ProtectedTable table, TableRef ref, Dialect d) {
        ProtectionSql sql = d.protection();
        List<DerivedCheck> out = new ArrayList<>();
        for (JsonRule rule : table.json()) {
            if (rule.discriminator() == null) {
                if (rule.fallback() != null) {
                    add(out, name(sql, ref, rule.column(), null), conditions(sql, d, rule.column(), rule.fallback().document()));
                }
                continue;
            }
            for (Map.Entry<String, SchemaFile> e : new java.util.TreeMap<>(rule.byValue()).entrySet()) {
                String conds = conditions(sql, d, rule.column(), e.getValue().document());
                if (conds != null) {
                    add(out, name(sql, ref, rule.column(), e.getKey()),
                            d.quote(rule.discriminator()) + " <> " + d.literal(e.getKey()) + " OR (" + conds + ")");
                }
            }
        }
        return out;
    }

    private static void add(List<DerivedCheck> out, String name, String condition) {
        if (condition != null) {
            out.add(new DerivedCheck(name, condition));
        }
    }

    private static String name(ProtectionSql sql, TableRef ref, String column, String value) {
        String raw = "ferry_" + ref.table() + "_" + column + (value == null ? "" : "_" + value);
        String clean = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return clean.length() <= sql.maxIdentifierLength() ? clean : clean.substring(0, sql.maxIdentifierLength());
    }

    private static String conditions(ProtectionSql sql, Dialect d, String column, JsonNode schema) {
        List<String> parts = new ArrayList<>();
        if ("object".equals(schema.path("type").asText(null))) {
            parts.add(sql.jsonIsObject(column));
        }
        walk(sql, d, column, schema, new ArrayList<>(), true, parts);
        return parts.isEmpty() ? null : String.join(" AND ", parts);
    }

    private static void walk(ProtectionSql sql, Dialect d, String column, JsonNode schema, List<String> path, boolean present,
                             List<String> parts) {
        JsonNode props = schema.path("properties");
        if (!props.isObject()) {
            return;
        }
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        props.fields().forEachRemaining(p -> {
            List<String> at = new ArrayList<>(path);
            at.add(p.getKey());
            boolean mustBeThere = present && required.contains(p.getKey());
            JsonNode sub = p.getValue();
            List<String> allowed = scalars(sub);
            if (allowed != null) {
                String expr = sql.jsonText(column, at);
                String test = allowed.size() == 1 ? expr + " = " + d.literal(allowed.get(0))
                        : expr + " IN (" + String.join(", ", allowed.stream().map(d::literal).toList()) + ")";
                parts.add(mustBeThere ? "COALESCE(" + test + ", 1 = 0)" : "(" + expr + " IS NULL OR " + test + ")");
            }
            walk(sql, d, column, sub, at, mustBeThere, parts);
        });
    }

    /** The texts a {@code const} or {@code enum} of scalars allows, or {@code null} when it is not one. */
    private static List<String> scalars(JsonNode sub) {
        List<JsonNode> values = new ArrayList<>();
        if (sub.has("const")) {
            values.add(sub.get("const"));
        } else if (sub.path("enum").isArray()) {
            sub.get("enum").forEach(values::add);
        } else {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : values) {
            if (!(v.isTextual() || v.isIntegralNumber() || v.isBoolean())) {
                return null;
            }
            out.add(v.asText());
        }
        return out;
    }
}
