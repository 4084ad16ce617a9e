package dev.ferry.protection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import dev.ferry.FerryException;
import dev.ferry.config.ProtectedDataDeclaration;
import dev.ferry.config.ProtectedDataSection;
import dev.ferry.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the {@code protected_data:} section into {@link ProtectedData}: checks that every table
 * has a key, that required keys have as many values as the key has columns, and that every JSON
 * Schema file exists, parses and is itself a valid schema. Each mistake names the ferry.yaml line.
 */
final class ProtectedDataLoader {
    private ProtectedDataLoader() {
    }

    public static ProtectedData load(ProtectedDataDeclaration decl) {
        ProtectedDataSection section = decl.section();
        int keep = section.keepSnapshots() == null ? ProtectedData.DEFAULT_KEEP : section.keepSnapshots();
        if (keep < 1) {
            throw FerryException.invalidInput(decl.where("keep_snapshots") + ": keep_snapshots must be at least 1");
        }
        List<ProtectedTable> tables = new ArrayList<>();
        Map<String, SchemaFile> cache = new LinkedHashMap<>();
        for (Map.Entry<String, ProtectedDataSection.Table> e : section.tables().entrySet()) {
            tables.add(table(decl, e.getKey(), e.getValue(), cache));
        }
        return new ProtectedData(List.copyOf(tables), keep, decl);
    }

    private static ProtectedTable table(ProtectedDataDeclaration decl, String name, ProtectedDataSection.Table spec,
                                        Map<String, SchemaFile> cache) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?")) {
            throw FerryException.invalidInput(decl.where("tables", name) + ": '" + name
                    + "' is not a table name; write table or schema.table (letters, digits, _)");
        }
        if (spec == null || spec.key().isEmpty()) {
            throw FerryException.invalidInput(decl.where("tables", name) + ": protected table '" + name
                    + "' needs 'key: [column, ...]', the columns that identify a row");
        }
        List<List<String>> required = new ArrayList<>();
        for (int i = 0; i < spec.required().size(); i++) {
            JsonNode entry = spec.required().get(i);
            List<String> values = new ArrayList<>();
            if (entry.isArray()) {
                entry.forEach(v -> values.add(v.asText()));
            } else if (entry.isValueNode() && !entry.isNull()) {
                values.add(entry.asText());
            }
            if (values.size() != spec.key().size()) {
                throw FerryException.invalidInput(decl.where("tables", name, "required", "[" + i + "]") + ": required key " + entry
                        + " has " + values.size() + " value(s) but the key " + spec.key() + " has " + spec.key().size()
                        + " column(s); write a list such as [a, b] for a composite key");
            }
            required.add(List.copyOf(values));
        }
        List<JsonRule> rules = new ArrayList<>();
        for (Map.Entry<String, ProtectedDataSection.JsonColumn> j : spec.json().entrySet()) {
            rules.add(jsonRule(decl, name, j.getKey(), j.getValue(), cache));
        }
        List<SqlCheck> checks = new ArrayList<>();
        for (int i = 0; i < spec.checks().size(); i++) {
            ProtectedDataSection.Check c = spec.checks().get(i);
            if (c.name() == null || c.name().isBlank() || c.sql() == null || c.sql().isBlank()) {
                throw FerryException.invalidInput(decl.where("tables", name, "checks", "[" + i + "]")
                        + ": a check needs a 'name' and an 'sql' query that returns the key of every offending row");
            }
            checks.add(new SqlCheck(c.name(), c.sql().strip()));
        }
        return new ProtectedTable(name, List.copyOf(spec.key()), List.copyOf(required), List.copyOf(rules), List.copyOf(checks));
    }

    private static JsonRule jsonRule(ProtectedDataDeclaration decl, String table, String column, ProtectedDataSection.JsonColumn spec,
                                     Map<String, SchemaFile> cache) {
        if (spec == null || (spec.schema() == null && spec.schemas().isEmpty())) {
            throw FerryException.invalidInput(decl.where("tables", table, "json", column) + ": JSON column '" + column
                    + "' needs 'schema: FILE', or 'discriminator: COLUMN' with 'schemas: {value: FILE}'");
        }
        if (!spec.schemas().isEmpty() && spec.discriminator() == null) {
            throw FerryException.invalidInput(decl.where("tables", table, "json", column, "schemas")
                    + ": 'schemas' chooses a schema by the value of a column; name that column with 'discriminator'");
        }
        Map<String, SchemaFile> byValue = new LinkedHashMap<>();
        for (Map.Entry<String, String> s : spec.schemas().entrySet()) {
            byValue.put(s.getKey(), schema(decl, s.getValue(), cache, "tables", table, "json", column, "schemas", s.getKey()));
        }
        SchemaFile fallback = spec.schema() == null ? null : schema(decl, spec.schema(), cache, "tables", table, "json", column, "schema");
        return new JsonRule(column, spec.discriminator(), Map.copyOf(byValue), fallback);
    }

    private static SchemaFile schema(ProtectedDataDeclaration decl, String file, Map<String, SchemaFile> cache, String... path) {
        SchemaFile known = cache.get(file);
        if (known != null) {
            return known;
        }
        String where = decl.where(path);
        Path p = decl.projectDir().resolve(file).normalize();
        if (!Files.isRegularFile(p)) {
            throw FerryException.invalidInput(where + ": JSON Schema file " + file + " does not exist (looked for " + p + ")");
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(Files.readString(p));
        } catch (JsonProcessingException e) {
            String line = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw FerryException.invalidInput(where + ": JSON Schema file " + file + " does not parse as JSON" + line + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw FerryException.failure("Cannot read " + p + ": " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw FerryException.invalidInput(where + ": JSON Schema file " + file + " must hold a JSON object (a schema)");
        }
        SpecVersion.VersionFlag version = SpecVersionDetector.detectOptionalVersion(node, false).orElse(SpecVersion.VersionFlag.V202012);
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(version);
        Set<ValidationMessage> metaProblems;
        JsonSchema schema;
        try {
            metaProblems = factory.getSchema(SchemaLocation.of(version.getId())).validate(node);
            schema = factory.getSchema(SchemaLocation.of(p.toUri().toString()), node);
            schema.initializeValidators();
        } catch (JsonSchemaException | IllegalArgumentException e) {
            throw FerryException.invalidInput(where + ": " + file + " is not a usable JSON Schema: " + e.getMessage());
        }
        if (!metaProblems.isEmpty()) {
            throw FerryException.invalidInput(where + ": " + file + " is not a valid JSON Schema: "
                    + metaProblems.iterator().next().getMessage());
        }
        SchemaFile loaded = new SchemaFile(file, node, schema);
        cache.put(file, loaded);
        return loaded;
    }
}
