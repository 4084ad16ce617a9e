package dev.ferry.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The SQL that turns one schema into another, for {@code ferry new --from-diff}: each object
 * created, dropped or altered, and tables or columns renamed, each step with its phase and risk.
 * Throws {@link UnwritableChange} for a change it cannot write.
 */
public interface SchemaDdl {

    /**
     * The statements that create a schema's objects, as the server prints them, for the objects
     * whose catalog definition is not enough to write them, keyed by kind and name
     * ({@code "column orders.status"}); empty where the definitions suffice.
     */
    default Map<String, String> sources(Connection c, String schema) throws SQLException {
        return Map.of();
    }

    List<DdlStep> create(DdlObject object, DdlContext context);

    List<DdlStep> drop(DdlObject object, DdlContext context);

    List<DdlStep> alter(DdlObject before, DdlObject after, DdlContext context);

    DdlStep renameTable(String schema, String from, String to);

    DdlStep renameColumn(String schema, String table, String from, String to);
}
