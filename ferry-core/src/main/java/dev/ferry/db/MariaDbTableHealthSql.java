package dev.ferry.db;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Table health from MariaDB's information_schema: free space inside tables and AUTO_INCREMENT columns near their type's maximum. */
final class MariaDbTableHealthSql implements TableHealthSql {

    @Override
    public List<TableHealthIssue> reclaimable(Connection c, List<String> schemas, HealthLimits limits) throws SQLException {
        List<TableHealthIssue> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT CONCAT(table_schema, '.', table_name), data_length + index_length, data_free "
                + "FROM information_schema.tables WHERE table_schema IN (" + placeholders(schemas) + ") AND table_type = 'BASE TABLE' "
                + "AND data_free >= ? AND data_free > (data_length + index_length) * ? ORDER BY data_free DESC")) {
            int i = bind(ps, schemas);
            ps.setLong(i++, limits.freeBytes());
            ps.setDouble(i, limits.freeShare());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TableHealthIssue("fragmentation", rs.getString(1), mb(rs.getLong(3)) + " free inside the table beside "
                            + mb(rs.getLong(2)) + " of data and indexes"));
                }
            }
        }
        return out;
    }

    @Override
    public List<TableHealthIssue> invalidIndexes(Connection c, List<String> schemas) {
        return List.of();
    }

    @Override
    public List<TableHealthIssue> keysNearMaximum(Connection c, List<String> schemas, HealthLimits limits) throws SQLException {
        List<TableHealthIssue> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT CONCAT(t.table_schema, '.', t.table_name, '.', k.column_name), t.auto_increment, "
                + "k.data_type, k.column_type FROM information_schema.tables t JOIN information_schema.columns k "
                + "ON k.table_schema = t.table_schema AND k.table_name = t.table_name AND k.extra LIKE '%auto_increment%' "
                + "WHERE t.table_schema IN (" + placeholders(schemas) + ") AND t.auto_increment IS NOT NULL ORDER BY 1")) {
            bind(ps, schemas);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    BigInteger max = maximum(rs.getString(3), rs.getString(4));
                    BigInteger used = new BigInteger(rs.getString(2)).subtract(BigInteger.ONE);
                    if (max != null && used.doubleValue() >= max.doubleValue() * limits.keysUsed()) {
                        out.add(new TableHealthIssue("auto_increment", rs.getString(1), "at " + used + " of its " + rs.getString(4)
                                + " maximum " + max + " (" + PostgresTableHealthSql.percent(used.doubleValue(), max.doubleValue()) + " used)"));
                    }
                }
            }
        }
        return out;
    }

    /** The largest value an integer column type holds, or {@code null} for a type that is not an integer. */
    private static BigInteger maximum(String dataType, String columnType) {
        int bits = switch (dataType.toLowerCase(Locale.ROOT)) {
            case "tinyint" -> 8;
            case "smallint" -> 16;
            case "mediumint" -> 24;
            case "int", "integer" -> 32;
            case "bigint" -> 64;
            default -> 0;
        };
        if (bits == 0) {
            return null;
        }
        boolean unsigned = columnType.toLowerCase(Locale.ROOT).contains("unsigned");
        return BigInteger.TWO.pow(unsigned ? bits : bits - 1).subtract(BigInteger.ONE);
    }

    private static String placeholders(List<String> schemas) {
        return String.join(", ", Collections.nCopies(schemas.size(), "?"));
    }

    private static int bind(PreparedStatement ps, List<String> schemas) throws SQLException {
        int i = 1;
        for (String s : schemas) {
            ps.setString(i++, s);
        }
        return i;
    }

    private static String mb(long bytes) {
        return (bytes / (1024 * 1024)) + " MB";
    }
}
