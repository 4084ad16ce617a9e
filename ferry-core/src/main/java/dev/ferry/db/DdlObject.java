package dev.ferry.db;

/**
 * One schema object as a migration generator sees it: the catalog's definition (what a diff
 * compares) and, where the server can print one, the statement that creates it ({@code null}
 * where the definition is enough to write it).
 *
 * @param name qualified by its table where it belongs to one ({@code orders.status})
 */
public record DdlObject(String schema, String kind, String name, String definition, String source) {

    /** The table an object of a table belongs to: the part of its name before the first dot. */
    public String table() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** The object's own name within its table (the whole name for objects of the schema). */
    public String member() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }
}
