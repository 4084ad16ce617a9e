package dev.ferry.db;

/**
 * One object of a schema as the server itself describes it: what kind it is, its name (qualified
 * by its table where it belongs to one, e.g. {@code orders.status}), and its definition in the
 * server's own normalised spelling, so that two definitions the server treats as equal read alike.
 */
public record CatalogObject(String schema, String kind, String name, String definition) {
}
