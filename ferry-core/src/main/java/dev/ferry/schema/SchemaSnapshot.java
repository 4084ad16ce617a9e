package dev.ferry.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.FerryException;
import dev.ferry.db.CatalogObject;
import dev.ferry.db.Database;
import dev.ferry.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A database's schema at one moment, as its server describes it: what a diff compares and what
 * {@code ferry schema dump} writes. Ferry's own tables (its history table included) are not part
 * of it.
 *
 * @param schemas the schemas read, under the names the comparison uses
 */
public record SchemaSnapshot(String dialect, List<String> schemas, List<SchemaObject> objects) {

    public SchemaSnapshot {
        objects = objects.stream().sorted(Comparator.comparing(SchemaObject::key)).toList();
        schemas = List.copyOf(schemas);
    }

    /**
     * Reads {@code schemas} of the database (the current schema when empty), naming them in the
     * snapshot as {@code labels} says (the same list, or the names another database uses for them).
     */
    public static SchemaSnapshot read(Database db, List<String> schemas, List<String> labels, String historyTable) {
        try (Connection c = db.connect("ferry schema")) {
            List<String> names = schemas.isEmpty() ? List.of(db.dialect().currentSchema(c)) : schemas;
            List<String> shown = labels.isEmpty() ? names : labels;
            List<SchemaObject> objects = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                for (CatalogObject o : db.dialect().schemaCatalog().objects(c, names.get(i))) {
                    if (!belongsTo(o, historyTable)) {
                        objects.add(new SchemaObject(shown.get(i), o.kind(), o.name(), o.definition()));
                    }
                }
            }
            return new SchemaSnapshot(db.dialect().name(), shown, objects);
        } catch (SQLException e) {
            throw FerryException.sql("Reading the schema of " + db.displayUrl(), e);
        }
    }

    private static boolean belongsTo(CatalogObject o, String historyTable) {
        return historyTable != null && (o.name().equals(historyTable) || o.name().startsWith(historyTable + "."));
    }

    /**
     * The same objects under other schema names, position by position (a MariaDB database and its
     * copy have different names for what is the same schema).
     */
    public SchemaSnapshot renamedTo(List<String> names) {
        if (names.size() != schemas.size() || names.equals(schemas)) {
            return this;
        }
        java.util.Map<String, String> rename = new java.util.HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            rename.put(schemas.get(i), names.get(i));
        }
        return new SchemaSnapshot(dialect, names, objects.stream()
                .map(o -> new SchemaObject(rename.getOrDefault(o.schema(), o.schema()), o.kind(), o.name(), o.definition())).toList());
    }

    /** Writes the snapshot as JSON, for a later {@code ferry diff} against it. */
    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw FerryException.failure("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a snapshot written by {@link #write}. */
    public static SchemaSnapshot load(Path file) {
        try {
            JsonNode root = Json.mapper().readTree(file.toFile());
            if (root == null || !root.has("objects")) {
                throw FerryException.invalidInput(file + " is not a schema snapshot (written by 'ferry schema dump')");
            }
            return Json.mapper().treeToValue(root, SchemaSnapshot.class);
        } catch (IOException e) {
            throw FerryException.invalidInput("Cannot read the schema snapshot " + file + ": " + e.getMessage());
        }
    }
}
