package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** MariaDB's seed history and upserts (ON DUPLICATE KEY UPDATE). */
final class MariaDbSeedSql implements SeedSql {
    private final MariaDbDialect d;

    MariaDbSeedSql(MariaDbDialect d) {
        this.d = d;
    }

    @Override
    public String upsert(TableRef table, List<String> columns, List<String> key) {
        List<String> others = columns.stream().filter(c -> !key.contains(c)).toList();
        // With nothing else to set, assigning a key column to itself keeps the row as it is.
        List<String> assigned = others.isEmpty() ? List.of(key.get(0)) : others;
        return "INSERT INTO " + table.quoted(d) + " (" + String.join(", ", columns.stream().map(d::quote).toList())
                + ") VALUES (" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ") ON DUPLICATE KEY UPDATE "
                + String.join(", ", assigned.stream().map(c -> d.quote(c) + " = VALUES(" + d.quote(c) + ")").toList());
    }

    @Override
    public List<List<String>> uniqueKeys(Connection c, TableRef table) throws SQLException {
        String sql = "SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                + "AND NON_UNIQUE = 0 ORDER BY INDEX_NAME, SEQ_IN_INDEX";
        java.util.Map<String, List<String>> keys = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return new ArrayList<>(keys.values());
    }

    @Override
    public String createSeedHistoryTable(String table) {
        return StateTableDdl.MARIADB.seedHistoryTable(table);
    }

    @Override
    public String textForColumn(ColumnInfo column, String value) {
        return MariaDbInsertWriter.normalize(column, value);
    }
}
