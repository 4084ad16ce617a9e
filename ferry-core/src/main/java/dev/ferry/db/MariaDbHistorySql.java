package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** MariaDB's schema history table and clean. */
final class MariaDbHistorySql implements HistorySql {
    private final MariaDbDialect d;

    MariaDbHistorySql(MariaDbDialect d) {
        this.d = d;
    }

    @Override
    public List<String> createHistoryTable(String table) {
        return StateTableDdl.MARIADB.historyTable(table);
    }

    @Override
    public List<String> clean(Connection c, List<String> schemas) throws SQLException {
        List<String> dropped = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.execute("SET FOREIGN_KEY_CHECKS = 0");
            try {
                for (String schema : schemas) {
                    for (String[] object : listObjects(c, schema)) {
                        st.execute("DROP " + object[1] + " IF EXISTS " + d.quote(schema) + "." + d.quote(object[0]));
                        dropped.add(schema + "." + object[0]);
                    }
                }
            } finally {
                st.execute("SET FOREIGN_KEY_CHECKS = 1");
            }
        }
        return dropped;
    }

    private List<String[]> listObjects(Connection c, String schema) throws SQLException {
        List<String[]> objects = new ArrayList<>();
        String sql = "SELECT TABLE_NAME, CASE WHEN TABLE_TYPE = 'VIEW' THEN 'VIEW' WHEN TABLE_TYPE = 'SEQUENCE' THEN 'SEQUENCE' ELSE 'TABLE' END "
                + "FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
                + "UNION ALL SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? "
                + "UNION ALL SELECT EVENT_NAME, 'EVENT' FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            ps.setString(2, schema);
            ps.setString(3, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    objects.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        // Views first: dropping a table under a view leaves the view broken but present.
        objects.sort((a, b) -> Boolean.compare(!"VIEW".equals(a[1]), !"VIEW".equals(b[1])));
        return objects;
    }
}
