package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Catalog questions whose SQL is the same on PostgreSQL and MariaDB (information_schema). */
public final class Catalogs {
    private Catalogs() {
    }

    /** The table's columns in order; empty when the table does not exist. */
    public static List<ColumnInfo> columns(Connection c, TableRef table) throws SQLException {
        String sql = "SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale, is_nullable, "
                + "column_default FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position";
        List<ColumnInfo> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long len = rs.getLong(3);
                    Long maxLength = rs.wasNull() ? null : len;
                    int prec = rs.getInt(4);
                    Integer precision = rs.wasNull() ? null : prec;
                    int sc = rs.getInt(5);
                    Integer scale = rs.wasNull() ? null : sc;
                    out.add(new ColumnInfo(rs.getString(1), rs.getString(2), maxLength, precision, scale,
                            "YES".equalsIgnoreCase(rs.getString(6)), rs.getString(7) != null));
                }
            }
        }
        return out;
    }

    /** Whether the schema (on MariaDB: the database) exists. */
    public static boolean schemaExists(Connection c, String schema) throws SQLException {
        return !strings(c, "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?", schema).isEmpty();
    }

    /** The first column of every row a query returns, as text. */
    public static List<String> strings(Connection c, String sql, String... params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Runs a dialect's foreign-key query: one schema parameter, columns name, table, column, referenced table and column. */
    static List<ForeignKey> foreignKeys(Connection c, String sql, String schema) throws SQLException {
        List<ForeignKey> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // Columns 6 and 7: every column of the key and of the key it points at, comma-separated in order.
                    out.add(new ForeignKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            List.of(rs.getString(6).split(",")), List.of(rs.getString(7).split(","))));
                }
            }
        }
        return out;
    }

    public static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
