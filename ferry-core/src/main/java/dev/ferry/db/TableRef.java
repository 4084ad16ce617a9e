package dev.ferry.db;

/** A table, optionally qualified by its schema (PostgreSQL) or database (MariaDB). */
public record TableRef(String schema, String table) {

    /** Parses {@code table} or {@code schema.table}; an unqualified name uses {@code defaultSchema}. */
    public static TableRef parse(String name, String defaultSchema) {
        int dot = name.indexOf('.');
        return dot < 0 ? new TableRef(defaultSchema, name) : new TableRef(name.substring(0, dot), name.substring(dot + 1));
    }

    public String quoted(Dialect d) {
        return d.quote(schema) + "." + d.quote(table);
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
