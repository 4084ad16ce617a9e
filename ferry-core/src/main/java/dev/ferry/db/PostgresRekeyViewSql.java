package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's view twins: dependencies from pg_depend through each view's rewrite rule, queries
 * from {@code pg_get_viewdef}, and names resolved by {@code search_path}, so a twin is the same
 * query bound to the new-shape views instead of the tables.
 */
final class PostgresRekeyViewSql implements RekeyViewSql {
    private final Dialect dialect;

    PostgresRekeyViewSql(Dialect dialect) {
        this.dialect = dialect;
    }

    private String q(String identifier) {
        return dialect.quote(identifier);
    }

    /** The (table, column number) pairs of {@code columns}, as a subquery, and its parameters appended to {@code params}. */
    private static String usedColumns(Map<TableRef, List<String>> columns, Dialect d, List<String> params) {
        List<String> conditions = new ArrayList<>();
        for (Map.Entry<TableRef, List<String>> e : columns.entrySet()) {
            for (String column : e.getValue()) {
                conditions.add("(a.attrelid = to_regclass(?) AND a.attname = ?)");
                params.add(e.getKey().quoted(d));
                params.add(column);
            }
        }
        return "SELECT a.attrelid, a.attnum FROM pg_attribute a WHERE " + (conditions.isEmpty() ? "false" : String.join(" OR ", conditions));
    }

    @Override
    public List<DependentView> dependentViews(Connection c, Map<TableRef, List<String>> columns, List<String> excludedSchemas) throws SQLException {
        List<String> params = new ArrayList<>();
        String used = usedColumns(columns, dialect, params);
        String sql = "WITH RECURSIVE tree(view, depth) AS ("
                + "SELECT r.ev_class, 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid WHERE d.classid = 'pg_rewrite'::regclass "
                + "AND (d.refobjid, d.refobjsubid) IN (" + used + ") AND r.ev_class <> d.refobjid "
                + "UNION ALL SELECT r.ev_class, t.depth + 1 FROM tree t JOIN pg_depend d ON d.refobjid = t.view AND d.classid = 'pg_rewrite'::regclass "
                + "JOIN pg_rewrite r ON r.oid = d.objid WHERE r.ev_class <> t.view AND t.depth < 32) "
                + "SELECT v.oid::regclass::text, n.nspname, v.relname, v.relkind = 'm', max(t.depth), pg_get_viewdef(v.oid) "
                + "FROM tree t JOIN pg_class v ON v.oid = t.view JOIN pg_namespace n ON n.oid = v.relnamespace "
                + "WHERE v.relkind IN ('v', 'm') AND n.nspname <> ALL (?) GROUP BY v.oid, n.nspname, v.relname, v.relkind ORDER BY 5, 1";
        List<DependentView> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (String p : params) {
                ps.setString(i++, p);
            }
            ps.setArray(i, c.createArrayOf("text", excludedSchemas.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DependentView(rs.getString(1), new TableRef(rs.getString(2), rs.getString(3)), rs.getBoolean(4), rs.getInt(5),
                            withoutSemicolon(rs.getString(6))));
                }
            }
        }
        return out;
    }

    private static String withoutSemicolon(String definition) {
        String d = definition.strip();
        return d.endsWith(";") ? d.substring(0, d.length() - 1) : d;
    }

    @Override
    public String trialSchema() {
        return "pg_temp";
    }

    @Override
    public String standIn(TableRef table, List<String> columns) {
        return "CREATE TEMP VIEW " + q(table.table()) + " AS SELECT " + String.join(", ", columns) + " FROM " + table.quoted(dialect);
    }

    @Override
    public String nullUuid() {
        return "CAST(NULL AS uuid)";
    }

    @Override
    public Attempt tryTwin(Connection c, DependentView view, String target, String base, Map<TableRef, List<String>> columns, List<TableRef> avoided)
            throws SQLException {
        TableRef twin = new TableRef(target, view.ref().table());
        Savepoint before = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL search_path = " + q(target) + ", " + q(base));
            // A materialized view cannot stand on session-private objects: its trial is a plain view of the same query.
            boolean materialized = view.materialized() && !target.equals(trialSchema());
            st.execute("CREATE " + (materialized ? "MATERIALIZED VIEW " : "VIEW ") + twin.quoted(dialect) + " AS " + view.definition()
                    + (materialized ? " WITH NO DATA" : ""));
            if (stillUses(c, twin, columns, avoided)) {
                c.rollback(before);
                return new Attempt(null, "its query would still use the integer columns: it names a re-keyed table with its schema, "
                        + "or uses a view Ferry cannot rewrite");
            }
            st.execute("SET LOCAL search_path = pg_catalog");
            String qualified;
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_viewdef(to_regclass(?))")) {
                ps.setString(1, twin.quoted(dialect));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    qualified = withoutSemicolon(rs.getString(1));
                }
            }
            c.releaseSavepoint(before);
            return new Attempt(qualified, null);
        } catch (SQLException e) {
            c.rollback(before);
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            int nl = message.indexOf('\n');
            return new Attempt(null, "with UUIDs in place of the integers the server refuses its query: " + (nl < 0 ? message : message.substring(0, nl)));
        }
    }

    private boolean stillUses(Connection c, TableRef twin, Map<TableRef, List<String>> columns, List<TableRef> avoided) throws SQLException {
        List<String> params = new ArrayList<>();
        params.add(twin.quoted(dialect));
        String used = usedColumns(columns, dialect, params);
        StringBuilder views = new StringBuilder();
        for (TableRef v : avoided) {
            views.append(views.length() == 0 ? "" : ", ").append("to_regclass(?)");
            params.add(v.quoted(dialect));
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid "
                + "WHERE d.classid = 'pg_rewrite'::regclass AND r.ev_class = to_regclass(?) AND ((d.refobjid, d.refobjsubid) IN (" + used + ")"
                + (avoided.isEmpty() ? "" : " OR d.refobjid IN (" + views + ")") + ")")) {
            int i = 1;
            for (String p : params) {
                ps.setString(i++, p);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    @Override
    public String createView(TableRef view, boolean materialized, String definition, boolean filled) {
        return "CREATE " + (materialized ? "MATERIALIZED VIEW " : "VIEW ") + view.quoted(dialect) + " AS " + definition
                + (materialized && !filled ? " WITH NO DATA" : "");
    }

    @Override
    public String refresh(TableRef view) {
        return "REFRESH MATERIALIZED VIEW " + view.quoted(dialect);
    }

    @Override
    public String dropView(TableRef view, boolean materialized) {
        return "DROP " + (materialized ? "MATERIALIZED VIEW" : "VIEW") + " IF EXISTS " + view.quoted(dialect);
    }

    @Override
    public List<String> carriedOver(Connection c, DependentView view) throws SQLException {
        List<String> out = new ArrayList<>();
        String name = view.ref().quoted(dialect);
        try (PreparedStatement ps = c.prepareStatement("SELECT a.privilege_type, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END, "
                + "a.is_grantable FROM pg_class v CROSS JOIN LATERAL aclexplode(v.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee "
                + "WHERE v.oid = to_regclass(?) AND a.grantee <> v.relowner ORDER BY 2, 1")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add("GRANT " + rs.getString(1) + " ON " + name + " TO " + rs.getString(2) + (rs.getBoolean(3) ? " WITH GRANT OPTION" : ""));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT obj_description(to_regclass(?), 'pg_class')")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1) != null) {
                    out.add("COMMENT ON " + (view.materialized() ? "MATERIALIZED VIEW " : "VIEW ") + name + " IS '" + rs.getString(1).replace("'", "''") + "'");
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = to_regclass(?) ORDER BY 1")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
