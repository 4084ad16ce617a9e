package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL's schema history table and clean. */
final class PostgresHistorySql implements HistorySql {
    private final PostgresDialect d;

    PostgresHistorySql(PostgresDialect d) {
        this.d = d;
    }

    @Override
    public List<String> createHistoryTable(String table) {
        return StateTableDdl.POSTGRES.historyTable(table);
    }

    @Override
    public List<String> clean(Connection c, List<String> schemas) throws SQLException {
        List<String> dropped = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            for (String schema : schemas) {
                List<String> objects = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                + "WHERE n.nspname = ? AND c.relkind IN ('r','v','m','S','f','p') ORDER BY 1")) {
                    ps.setString(1, schema);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            objects.add(schema + "." + rs.getString(1));
                        }
                    }
                }
                st.execute("DROP SCHEMA IF EXISTS " + d.quote(schema) + " CASCADE");
                st.execute("CREATE SCHEMA " + d.quote(schema));
                dropped.addAll(objects);
            }
        }
        return dropped;
    }
}
