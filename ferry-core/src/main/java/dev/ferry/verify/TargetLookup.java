package dev.ferry.verify;

import dev.ferry.db.BinaryText;
import dev.ferry.db.Dialect;
import dev.ferry.db.TextRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Looks the target rows of a batch of expected rows up by key: {@code key IN (...)}, or for a
 * composite key {@code (a, b) IN ((?, ?), ...)}; the rows found are keyed by {@link ExpectedRows.Entity#keyOf}.
 */
final class TargetLookup implements PlanVerifier.TargetRows {
    private final Connection c;
    private final Dialect d;
    private final ExpectedRows.Entity entity;
    private final String select;
    private final String tuple;
    private final int[] key;
    private final int width;
    private final boolean uuidBytes;

    TargetLookup(Connection c, Dialect d, ExpectedRows.Entity e) {
        this.c = c;
        this.d = d;
        this.entity = e;
        this.key = e.keyIndexes();
        this.width = e.columns().size();
        this.uuidBytes = key.length == 1 && e.columns().get(key[0]).isUuidBinary();
        String keys = e.keyColumns().stream().map(d::quote).collect(Collectors.joining(", "));
        this.select = "SELECT " + PlanVerifier.selectList(d, e.columns(), "") + " FROM " + e.target().quoted(d) + " WHERE "
                + (key.length == 1 ? keys : "(" + keys + ")") + " IN (";
        this.tuple = key.length == 1 ? "?" : "(" + String.join(", ", Collections.nCopies(key.length, "?")) + ")";
    }

    @Override
    public Map<String, String[]> fetch(List<ExpectedRows.Row> wanted) throws SQLException {
        Map<String, String[]> actual = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(select + String.join(", ", Collections.nCopies(wanted.size(), tuple)) + ")")) {
            int p = 1;
            for (ExpectedRows.Row row : wanted) {
                for (int k : key) {
                    String v = row.values()[k];
                    if (uuidBytes && BinaryText.isUuid(v)) {
                        ps.setBytes(p++, BinaryText.uuidBytes(v)); // compared with the column itself, so its index serves
                    } else {
                        d.bindText(ps, p++, v);
                    }
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                TextRow text = TextRow.of(rs);
                while (rs.next()) {
                    String[] v = text.read(rs, width);
                    actual.put(entity.keyOf(v), v);
                }
            }
        }
        return actual;
    }

    @Override
    public void close() {
    }
}
