package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The SQL of schema migrations' own records: the history table, and clean, which empties the schemas
 * migrations build. Separate from {@link Dialect} so that each capability keeps its database
 * differences in a part of its own instead of growing one interface that knows every feature.
 */
public interface HistorySql {
    /** DDL for the schema history table; {@code qualifiedName} is already quoted. */
    List<String> createHistoryTable(String qualifiedName);

    /** Drops every object in the schemas and returns what it dropped, for the report. */
    List<String> clean(Connection c, List<String> schemas) throws SQLException;
}
