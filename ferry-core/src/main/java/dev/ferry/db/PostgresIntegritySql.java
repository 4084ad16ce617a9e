package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL's integrity checks. */
final class PostgresIntegritySql implements IntegritySql {
    private final Dialect d;

    PostgresIntegritySql(Dialect d) {
        this.d = d;
    }

    @Override
    public List<String> notValidConstraints(Connection c, String schema) throws SQLException {
        return Catalogs.strings(c, "SELECT cl.relname || '.' || con.conname FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid "
                + "JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE n.nspname = ? AND NOT con.convalidated ORDER BY 1", schema);
    }

    @Override
    public List<String> unindexedForeignKeys(Connection c, String schema) throws SQLException {
        return Catalogs.strings(c, "SELECT cl.relname || '.' || att.attname FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid "
                + "JOIN pg_namespace n ON n.oid = cl.relnamespace JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1] "
                + "WHERE n.nspname = ? AND con.contype = 'f' AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = con.conrelid "
                + "AND i.indkey[0] = con.conkey[1]) ORDER BY 1", schema);
    }

    @Override
    public RowSecurity rowSecurity(Connection c, TableRef table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relrowsecurity, c.relforcerowsecurity FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new RowSecurity(rs.getBoolean(1), rs.getBoolean(2)) : new RowSecurity(false, false);
            }
        }
    }

    @Override
    public List<String> admitOrphans(Connection c, TableRef table) throws SQLException {
        List<String[]> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE conrelid = ?::regclass AND contype = 'f' AND NOT convalidated ORDER BY conname")) {
            ps.setString(1, table.quoted(d));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        List<String> restore = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (String[] k : keys) {
                s.execute("ALTER TABLE " + table.quoted(d) + " DROP CONSTRAINT " + d.quote(k[0]));
                String definition = k[1].endsWith("NOT VALID") ? k[1] : k[1] + " NOT VALID";
                restore.add("ALTER TABLE " + table.quoted(d) + " ADD CONSTRAINT " + d.quote(k[0]) + " " + definition);
            }
        }
        return restore;
    }

    @Override
    public void runQueriesSerially(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET max_parallel_workers_per_gather = 0");
        }
    }
}
