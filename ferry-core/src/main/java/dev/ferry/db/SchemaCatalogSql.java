package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog questions of schema comparison: every table, column, constraint, index, view,
 * sequence, type, routine, trigger and policy of one schema, each defined by the server's own
 * deparsing functions. Ferry's own tables, triggers, functions, indexes and protection checks ({@code ferry_...}) are left out: they are
 * Ferry's bookkeeping, not the application's schema.
 */
public interface SchemaCatalogSql {
    /** The objects of {@code schema}, in no particular order. */
    List<CatalogObject> objects(Connection c, String schema) throws SQLException;

    /** Runs catalog queries that return (kind, name, definition), binding every parameter to the schema name. */
    static List<CatalogObject> read(Connection c, String schema, List<String> queries) throws SQLException {
        List<CatalogObject> out = new ArrayList<>();
        for (String sql : queries) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                long parameters = sql.chars().filter(ch -> ch == '?').count(); // the queries hold no '?' in literals
                for (int i = 1; i <= parameters; i++) {
                    ps.setString(i, schema);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String definition = rs.getString(3);
                        out.add(new CatalogObject(schema, rs.getString(1), rs.getString(2), definition == null ? "" : definition.strip()));
                    }
                }
            }
        }
        return out;
    }
}
