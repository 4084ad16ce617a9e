package dev.ferry.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/** Table health from PostgreSQL's statistics views and catalogs. */
final class PostgresTableHealthSql implements TableHealthSql {

    @Override
    public List<TableHealthIssue> reclaimable(Connection c, List<String> schemas, HealthLimits limits) throws SQLException {
        List<TableHealthIssue> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT quote_ident(schemaname) || '.' || quote_ident(relname), n_live_tup, n_dead_tup, "
                + "GREATEST(last_vacuum, last_autovacuum), GREATEST(last_analyze, last_autoanalyze) FROM pg_stat_user_tables "
                + "WHERE schemaname = ANY (?) AND n_dead_tup >= ? AND n_dead_tup > n_live_tup * ? ORDER BY n_dead_tup DESC")) {
            ps.setArray(1, names(c, schemas));
            ps.setLong(2, limits.deadRows());
            ps.setDouble(3, limits.deadShare());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TableHealthIssue("dead rows", rs.getString(1), rs.getLong(3) + " dead row(s) beside " + rs.getLong(2)
                            + " live; last vacuum " + when(rs.getTimestamp(4)) + ", last analyze " + when(rs.getTimestamp(5))));
                }
            }
        }
        return out;
    }

    @Override
    public List<TableHealthIssue> invalidIndexes(Connection c, List<String> schemas) throws SQLException {
        List<TableHealthIssue> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT quote_ident(n.nspname) || '.' || quote_ident(ic.relname), "
                + "quote_ident(n.nspname) || '.' || quote_ident(t.relname) FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
                + "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = ic.relnamespace "
                + "WHERE NOT i.indisvalid AND n.nspname = ANY (?) ORDER BY 1")) {
            ps.setArray(1, names(c, schemas));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TableHealthIssue("invalid index", rs.getString(1), "on " + rs.getString(2)
                            + " is invalid (a CREATE INDEX CONCURRENTLY that failed): queries do not use it, yet every write maintains it"));
                }
            }
        }
        return out;
    }

    @Override
    public List<TableHealthIssue> keysNearMaximum(Connection c, List<String> schemas, HealthLimits limits) throws SQLException {
        List<TableHealthIssue> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value, max_value "
                + "FROM pg_sequences WHERE schemaname = ANY (?) AND last_value IS NOT NULL AND increment_by > 0 "
                + "AND (last_value::numeric - min_value::numeric) >= (max_value::numeric - min_value::numeric) * ? ORDER BY 1")) {
            ps.setArray(1, names(c, schemas));
            ps.setDouble(2, limits.keysUsed());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TableHealthIssue("sequence", rs.getString(1), "at " + rs.getLong(2) + " of its maximum " + rs.getLong(3)
                            + " (" + percent(rs.getLong(2), rs.getLong(3)) + " used)"));
                }
            }
        }
        return out;
    }

    static String percent(double value, double max) {
        return String.format(java.util.Locale.ROOT, "%.0f%%", 100.0 * value / max);
    }

    private static Array names(Connection c, List<String> schemas) throws SQLException {
        return c.createArrayOf("text", schemas.toArray());
    }

    private static String when(Timestamp t) {
        return t == null ? "never" : t.toInstant().toString();
    }
}
