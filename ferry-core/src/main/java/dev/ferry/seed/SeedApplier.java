package dev.ferry.seed;

import dev.ferry.FerryException;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Dialect;
import dev.ferry.db.SqlStatement;
import dev.ferry.db.Transactions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies one seed file in its own transaction, together with its history row: data rows are
 * upserted one at a time on their key (so a failing row is named exactly), SQL files run statement
 * by statement through the dialect's splitter. Any failure rolls the whole file back.
 */
final class SeedApplier {
    private final Connection connection;
    private final Dialect dialect;
    private final SeedHistory history;
    private final String runId;

    SeedApplier(Connection connection, Dialect dialect, SeedHistory history, String runId) {
        this.connection = connection;
        this.dialect = dialect;
        this.history = history;
        this.runId = runId;
    }

    /** Applies the file and returns the rows it wrote; throws naming the file and line when it fails. */
    long apply(SeedFile file, SeedTarget target) {
        long[] rows = {0};
        String[] where = {file.display()};
        Transactions.run(connection, e -> FerryException.sql(where[0], e, "The file was rolled back (files before it "
                + "stay applied); fix it and run 'ferry seed' again"), () -> {
            if (file.isData()) {
                upsertRows(file, target, rows, where);
            } else {
                runStatements(file, rows, where);
            }
            where[0] = file.display() + " (recording it in " + SeedHistory.TABLE + ")";
            history.record(file, rows[0], runId);
        });
        return rows[0];
    }

    private void upsertRows(SeedFile file, SeedTarget target, long[] rows, String[] where) throws SQLException {
        Map<List<String>, PreparedStatement> statements = new HashMap<>();
        try {
            file.readRows().forEach(row -> {
                where[0] = file.display() + " line " + row.line() + " (" + target.table().table() + " row " + (rows[0] + 1) + ")";
                List<String> names = new ArrayList<>(row.values().keySet());
                PreparedStatement ps = statements.get(names);
                if (ps == null) {
                    List<String> columns = names.stream().map(n -> target.columns().get(n).name()).toList();
                    ps = connection.prepareStatement(dialect.seeds().upsert(target.table(), columns, target.key()));
                    statements.put(names, ps);
                }
                int i = 1;
                for (Map.Entry<String, String> v : row.values().entrySet()) {
                    ColumnInfo column = target.columns().get(v.getKey());
                    dialect.bindText(ps, i++, dialect.seeds().textForColumn(column, v.getValue()));
                }
                ps.executeUpdate();
                rows[0]++;
            });
        } finally {
            for (PreparedStatement ps : statements.values()) {
                ps.close();
            }
        }
    }

    private void runStatements(SeedFile file, long[] rows, String[] where) throws SQLException {
        String text;
        try {
            text = Files.readString(file.path(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw FerryException.failure("Cannot read " + file.display() + ": " + e.getMessage(), e);
        }
        try (Statement st = connection.createStatement()) {
            for (SqlStatement s : dialect.splitter().split(text.replace("\uFEFF", ""), 1)) {
                where[0] = file.display() + " line " + s.line();
                if (!st.execute(s.sql())) {
                    rows[0] += Math.max(0, st.getUpdateCount());
                }
            }
        }
    }
}
