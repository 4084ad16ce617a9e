package dev.ferry.db;

import java.util.List;

/**
 * The statements that recreate one schema object an archive carries besides its tables (a type,
 * sequence, routine, view, trigger, or the comments of a table), with names unqualified so they
 * run in another schema. {@code kind} and {@code name} are those of the object the schema
 * catalog ({@link SchemaCatalogSql}) lists, so a restore can tell whether the target already has it.
 */
public record ObjectDefinition(String schema, String kind, String name, List<String> statements) {
    public ObjectDefinition {
        statements = List.copyOf(statements);
    }

    /** What identifies the object within its schema, as the catalog names it. */
    public String key() {
        return kind + " " + name;
    }
}
