package dev.ferry.db;

/**
 * An object the database says depends on a column, or whose text names it: a foreign key, an
 * index, a view, a function body, a policy, a sequence, a generated column.
 *
 * @param kind what it is: {@code foreign key}, {@code index}, {@code view}, {@code function}, ...
 * @param name its qualified name
 * @param detail its definition or why it is listed
 * @param rewritable whether Ferry follows it through the rekey by itself; when not, the user must act
 */
public record ColumnDependent(String kind, String name, String detail, boolean rewritable) {
}
