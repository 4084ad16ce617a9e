package dev.ferry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL's seed history and upserts (ON CONFLICT). */
final class PostgresSeedSql implements SeedSql {
    private final PostgresDialect d;

    PostgresSeedSql(PostgresDialect d) {
        this.d = d;
    }

    @Override
    public String upsert(TableRef table, List<String> columns, List<String> key) {
        List<String> others = columns.stream().filter(c -> !key.contains(c)).toList();
        return "INSERT INTO " + table.quoted(d) + " (" + String.join(", ", columns.stream().map(d::quote).toList())
                + ") VALUES (" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ") ON CONFLICT ("
                + String.join(", ", key.stream().map(d::quote).toList()) + ") "
                + (others.isEmpty() ? "DO NOTHING"
                : "DO UPDATE SET " + String.join(", ", others.stream().map(c -> d.quote(c) + " = EXCLUDED." + d.quote(c)).toList()));
    }

    @Override
    public List<List<String>> uniqueKeys(Connection c, TableRef table) throws SQLException {
        String sql = "SELECT i.indexrelid, a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                + "AND a.attnum = ANY (i.indkey) WHERE i.indrelid = ?::regclass AND i.indisunique AND i.indpred IS NULL "
                + "ORDER BY i.indexrelid, array_position(i.indkey::int2[], a.attnum)";
        java.util.Map<Long, List<String>> keys = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.quoted(d));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return new ArrayList<>(keys.values());
    }

    @Override
    public String createSeedHistoryTable(String table) {
        return StateTableDdl.POSTGRES.seedHistoryTable(table);
    }
}
