package dev.ferry.transfer;

import dev.ferry.db.BulkWriter;
import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * For {@code mode: update} (in-place backfills): updates existing target rows by key, in JDBC
 * batches. The first value of each row is the key; the rest are the columns to set.
 */
final class UpdateWriter implements BulkWriter {
    private final Connection connection;
    private final Dialect dialect;
    private final String sql;
    private long updated;

    UpdateWriter(Connection connection, Dialect dialect, TableRef table, List<String> columns) {
        this.connection = connection;
        this.dialect = dialect;
        String key = columns.get(0);
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
            for (int n : ps.executeBatch()) {
                updated += n == Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, n);
            }
        }
    }

    /** Rows changed since the last call; a key that matches no row updates nothing and is not counted. */
    long takeUpdated() {
        long n = updated;
        updated = 0;
        return n;
    }
}
