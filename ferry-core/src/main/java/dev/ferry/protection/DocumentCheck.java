package dev.ferry.protection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.FerryException;
import dev.ferry.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Checks a document someone means to write into a protected table against the same JSON Schemas
 * the audit constraints and {@code protect check} use, before it goes anywhere: a whole row (or a
 * list of rows), whose discriminator column picks the schema, or one JSON column's value with the
 * kind given.
 */
final class DocumentCheck {
    private final ProtectedData data;

    DocumentCheck(ProtectedData data) {
        this.data = data;
    }

    DocumentCheckResult check(Path file, String table, String column, String kind) {
        ProtectedTable t = table(table);
        JsonRule rule = column == null ? null : rule(t, column);
        SchemaFile schema = rule == null ? null : schema(rule, kind);
        JsonNode doc;
        try {
            doc = Json.mapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw FerryException.invalidInput("Candidate document " + file + " does not exist");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
            return new DocumentCheckResult(file.toString(), t.name(), column, 0, List.of(file + where + ": not JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw FerryException.failure("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (doc == null || doc.isMissingNode()) {
            return new DocumentCheckResult(file.toString(), t.name(), column, 0, List.of(file + " is empty"));
        }
        List<String> problems = new ArrayList<>();
        if (schema != null) {
            schema.problems(doc).forEach(p -> problems.add(column + " (" + schema.file() + "): " + p));
            return new DocumentCheckResult(file.toString(), t.name(), column, 1, List.copyOf(problems));
        }
        List<JsonNode> rows = new ArrayList<>();
        if (doc.isArray()) {
            doc.forEach(rows::add);
        } else {
            rows.add(doc);
        }
        for (int i = 0; i < rows.size(); i++) {
            String which = doc.isArray() ? "row " + (i + 1) + ": " : "";
            if (!(rows.get(i) instanceof ObjectNode row)) {
                problems.add(which + "not an object with the columns of " + t.name() + " (to check one column's document, give --column)");
                continue;
            }
            RowValidator.problems(t, row).forEach(p -> problems.add(which + p));
        }
        return new DocumentCheckResult(file.toString(), t.name(), null, rows.size(), List.copyOf(problems));
    }

    private ProtectedTable table(String name) {
        List<ProtectedTable> withRules = data.tables().stream().filter(t -> !t.json().isEmpty()).toList();
        if (name == null) {
            if (withRules.size() != 1) {
                throw FerryException.invalidInput("Say which protected table the document is for with --table; the tables with JSON Schemas are "
                        + withRules.stream().map(ProtectedTable::name).toList());
            }
            return withRules.get(0);
        }
        ProtectedTable t = data.table(name);
        if (t == null || t.json().isEmpty()) {
            throw FerryException.invalidInput("--table " + name + (t == null ? " is not a protected table" : " has no JSON Schemas")
                    + "; the tables with JSON Schemas are " + withRules.stream().map(ProtectedTable::name).toList());
        }
        return t;
    }

    private static JsonRule rule(ProtectedTable t, String column) {
        return t.json().stream().filter(j -> j.column().equals(column)).findFirst().orElseThrow(() -> FerryException.invalidInput(
                "--column " + column + " has no JSON Schema in " + t.name() + "; its JSON columns are " + t.jsonColumns()));
    }

    private static SchemaFile schema(JsonRule rule, String kind) {
        SchemaFile schema = rule.schemaFor(kind);
        if (schema == null) {
            throw FerryException.invalidInput((kind == null ? "Give --kind: " : "--kind " + kind + " has no schema: ") + rule.column()
                    + "'s schema depends on " + rule.discriminator() + ", one of " + new TreeSet<>(rule.byValue().keySet()));
        }
        return schema;
    }
}
