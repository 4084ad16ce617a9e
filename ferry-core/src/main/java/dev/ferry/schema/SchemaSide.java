package dev.ferry.schema;

import dev.ferry.FerryException;
import dev.ferry.db.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One side of a generated migration: a schema snapshot and, where its database was at hand, the
 * statements its server prints for the objects (MariaDB's {@code SHOW CREATE}), keyed like the
 * snapshot's objects. A dump file has none.
 */
record SchemaSide(SchemaSnapshot snapshot, Map<String, String> sources) {

    static SchemaSide of(SchemaSnapshot snapshot) {
        return new SchemaSide(snapshot, Map.of());
    }

    /** Reads {@code schemas} of the database (the current one when empty) with their sources, labelled as {@link SchemaSnapshot#read} does. */
    static SchemaSide read(Database db, List<String> schemas, List<String> labels, String historyTable) {
        SchemaSnapshot snapshot = SchemaSnapshot.read(db, schemas, labels, historyTable);
        Map<String, String> sources = new HashMap<>();
        try (Connection c = db.connect("ferry schema")) {
            List<String> names = schemas.isEmpty() ? List.of(db.dialect().currentSchema(c)) : schemas;
            for (int i = 0; i < names.size(); i++) {
                String label = snapshot.schemas().get(i);
                db.dialect().schemaDdl().sources(c, names.get(i)).forEach((key, sql) -> sources.put(label + " " + key, sql));
            }
        } catch (SQLException e) {
            throw FerryException.sql("Reading the CREATE statements of " + db.displayUrl(), e);
        }
        return new SchemaSide(snapshot, sources);
    }

    /** The same side under other schema names, position by position (see {@link SchemaSnapshot#renamedTo}). */
    SchemaSide renamedTo(List<String> names) {
        SchemaSnapshot renamed = snapshot.renamedTo(names);
        if (renamed == snapshot) {
            return this;
        }
        Map<String, String> rename = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            rename.put(snapshot.schemas().get(i), names.get(i));
        }
        Map<String, String> moved = new HashMap<>();
        sources.forEach((key, sql) -> {
            int space = key.indexOf(' ');
            moved.put(rename.getOrDefault(key.substring(0, space), key.substring(0, space)) + key.substring(space), sql);
        });
        return new SchemaSide(renamed, moved);
    }

    String source(SchemaObject o) {
        return sources.get(o.key());
    }
}
