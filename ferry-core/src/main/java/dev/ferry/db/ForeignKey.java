package dev.ferry.db;

/** A declared foreign key from {@code table.column} to {@code refTable.refColumn}. */
public record ForeignKey(String name, String table, String column, String refTable, String refColumn) {
}
