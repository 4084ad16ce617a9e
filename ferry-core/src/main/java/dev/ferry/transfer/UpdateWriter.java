package dev.ferry.transfer;

import dev.ferry.db.BulkWriter;
import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * For {@code mode: update} (in-place backfills): updates existing target rows by key, in JDBC
 * batches. The first value of each row is the key; the rest are the columns to set. Rows whose key
 * matches no target row are found before writing ({@link #withoutTarget}), since the update
 * counts databases report differ (MariaDB may count only rows whose values changed).
 */
final class UpdateWriter implements BulkWriter {
    private final Connection connection;
    private final Dialect dialect;
    private final String sql;
    private final TableRef table;
    private final String key;

    UpdateWriter(Connection connection, Dialect dialect, TableRef table, List<String> columns) {
        this.connection = connection;
        this.dialect = dialect;
        this.table = table;
        this.key = columns.get(0);
        this.sql = "UPDATE " + table.quoted(dialect) + " SET " + columns.subList(1, columns.size()).stream()
                .map(c -> dialect.quote(c) + " = ?").collect(Collectors.joining(", ")) + " WHERE " + dialect.quote(key) + " = ?";
    }

    @Override
    public void write(List<String[]> rows) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (String[] row : rows) {
                for (int i = 1; i < row.length; i++) {
                    dialect.bindText(ps, i, row[i]);
                }
                dialect.bindText(ps, row.length, row[0]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * The rows among {@code rows} whose key matches no target row: they would update nothing, so
     * they are rejected instead ("0 written" is never silent).
     */
    List<Integer> withoutTarget(List<String[]> rows, List<Integer> indices) throws SQLException {
        Set<String> present = TargetKeys.present(connection, dialect, table, key, indices.stream().map(i -> rows.get(i)[0]).toList());
        return indices.stream().filter(i -> !present.contains(rows.get(i)[0])).toList();
    }

    /** Why a row of {@link #withoutTarget} is rejected. */
    String noTargetReason(String newKey) {
        return "no target row to update: " + table + " has no " + key + " = " + newKey;
    }
}
