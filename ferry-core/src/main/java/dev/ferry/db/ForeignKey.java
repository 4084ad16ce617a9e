package dev.ferry.db;

import java.util.List;

/**
 * A declared foreign key from {@code table.column} to {@code refTable.refColumn}; a key of several
 * columns lists them all in {@code columns} and {@code refColumns}, in the key's order, and
 * {@code column} and {@code refColumn} are the first of each.
 */
public record ForeignKey(String name, String table, String column, String refTable, String refColumn, List<String> columns,
                         List<String> refColumns) {

    public ForeignKey(String name, String table, String column, String refTable, String refColumn) {
        this(name, table, column, refTable, refColumn, List.of(column), List.of(refColumn));
    }
}
