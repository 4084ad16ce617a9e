package dev.ferry.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A comparable description of a schema's tables, columns, indexes and constraints. */
public final class Catalog {
    private Catalog() {
    }

    public static List<String> snapshot(TestDatabase db, String historyTable) {
        try (Connection c = db.database().connect("ferry test catalog")) {
            String schema = db.isMariaDb() ? db.name() : "public";
            List<String> out = new ArrayList<>();
            query(c, out, "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
                    + "WHERE table_schema = ? AND table_name <> ? ORDER BY 1, 2", schema, historyTable);
            query(c, out, "SELECT table_name, constraint_name, constraint_type FROM information_schema.table_constraints "
                    + "WHERE table_schema = ? AND table_name <> ? AND constraint_type <> 'CHECK' ORDER BY 1, 2", schema, historyTable);
            if (db.isMariaDb()) {
                query(c, out, "SELECT table_name, index_name, column_name FROM information_schema.statistics "
                        + "WHERE table_schema = ? AND table_name <> ? ORDER BY 1, 2, 3", schema, historyTable);
            } else {
                query(c, out, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = ? AND tablename <> ? ORDER BY 1, 2",
                        schema, historyTable);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> tables(TestDatabase db) {
        try (Connection c = db.database().connect("ferry test catalog")) {
            List<String> out = new ArrayList<>();
            query(c, out, "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1",
                    db.isMariaDb() ? db.name() : "public");
            return out.stream().map(s -> s.replace("|", "").toLowerCase()).toList();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void query(Connection c, List<String> out, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        sb.append(rs.getString(i)).append(i < n ? "|" : "");
                    }
                    out.add(sb.toString());
                }
            }
        }
    }
}
