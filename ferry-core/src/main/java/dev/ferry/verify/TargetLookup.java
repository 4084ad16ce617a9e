package dev.ferry.verify;

import dev.ferry.db.BinaryText;
import dev.ferry.db.Dialect;
import dev.ferry.db.TextRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Looks the target rows of a batch of expected rows up by key. */
final class TargetLookup implements PlanVerifier.TargetRows {
    private final Connection c;
    private final Dialect d;
    private final String select;
    private final int key;
    private final int width;
    private final boolean uuidBytes;

    TargetLookup(Connection c, Dialect d, ExpectedRows.Entity e, int key) {
        this.c = c;
        this.d = d;
        this.key = key;
        this.width = e.columns().size();
        this.uuidBytes = e.columns().get(key).isUuidBinary();
        this.select = "SELECT " + PlanVerifier.selectList(d, e.columns(), "") + " FROM " + e.target().quoted(d) + " WHERE " + d.quote(e.keyColumn()) + " IN (";
    }

    @Override
    public Map<String, String[]> fetch(List<ExpectedRows.Row> wanted) throws SQLException {
        Map<String, String[]> actual = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(select + String.join(", ", java.util.Collections.nCopies(wanted.size(), "?")) + ")")) {
            for (int i = 0; i < wanted.size(); i++) {
                String k = wanted.get(i).values()[key];
                if (uuidBytes && BinaryText.isUuid(k)) {
                    ps.setBytes(i + 1, BinaryText.uuidBytes(k)); // compared with the column itself, so its index serves
                } else {
                    d.bindText(ps, i + 1, k);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                TextRow text = TextRow.of(rs);
                while (rs.next()) {
                    String[] v = text.read(rs, width);
                    actual.put(v[key].toLowerCase(java.util.Locale.ROOT), v);
                }
            }
        }
        return actual;
    }

    @Override
    public void close() {
    }
}
