package dev.ferry.db;

import java.util.List;

/**
 * How to recreate a table: the table itself (with its primary key, unique and check constraints),
 * then its other indexes, then its foreign keys, which may name tables created after it.
 */
public record TableDefinition(List<String> create, List<String> indexes, List<String> foreignKeys) {
}
