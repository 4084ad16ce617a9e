package dev.ferry.schema;

/**
 * One object of a schema: its kind ({@code table}, {@code column}, {@code constraint},
 * {@code index}, {@code view}, {@code sequence}, {@code enum}, {@code function}, {@code trigger},
 * {@code policy}, ...), its name (qualified by its table where it belongs to one), and its
 * definition as the server prints it.
 */
public record SchemaObject(String schema, String kind, String name, String definition) {

    /** What identifies the object across two databases: schema, kind and name. */
    public String key() {
        return schema + " " + kind + " " + name;
    }
}
