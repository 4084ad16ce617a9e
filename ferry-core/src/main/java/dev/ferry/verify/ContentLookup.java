package dev.ferry.verify;

import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Dialect;
import dev.ferry.db.TextRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Finds the target rows of a batch of expected rows when the target generated their keys, so
 * that only their content can tell which row is which: it asks for the rows whose matchable
 * columns (numbers, text, dates, UUIDs, booleans) equal some expected row's, then pairs each
 * expected row with one equal target row (every column compared as its type), each target row
 * used once, so that two identical source rows need two identical target rows. The pairs are
 * keyed by the expected row's legacy key; an expected row without one is missing. Pairing holds
 * within a batch: identical rows in different batches may pair with one target row, which the
 * completeness count (source rows = target rows + rejected) still catches.
 */
final class ContentLookup implements PlanVerifier.TargetRows {
    /** Bound parameters per statement, below both databases' limits. */
    private static final int MAX_PARAMETERS = 30_000;

    private final Connection c;
    private final Dialect d;
    private final ExpectedRows.Entity entity;
    private final int[] matched;
    private final String select;

    ContentLookup(Connection c, Dialect d, ExpectedRows.Entity e) {
        this.c = c;
        this.d = d;
        this.entity = e;
        this.matched = IntStream.range(0, e.columns().size()).filter(i -> matchable(e.columns().get(i))).toArray();
        this.select = "SELECT " + PlanVerifier.selectList(d, e.columns(), "") + " FROM " + e.target().quoted(d) + " WHERE ";
    }

    /** Whether any column can be matched in SQL; without one, rows cannot be found by content. */
    boolean usable() {
        return matched.length > 0;
    }

    /** Columns whose text the database compares with {@code =} as their type; JSON, binary, floats and geometries are only compared after. */
    private static boolean matchable(ColumnInfo c) {
        String t = c.type();
        return !c.isBinary() && !c.isSpatial() && !t.contains("json") && !t.contains("float") && !t.contains("double") && !t.equals("real")
                && !t.endsWith("[]") && !t.startsWith("_") && !t.equals("xml") && !t.equals("array");
    }

    @Override
    public Map<String, String[]> fetch(List<ExpectedRows.Row> wanted) throws SQLException {
        int per = Math.max(1, MAX_PARAMETERS / matched.length);
        List<String[]> found = new ArrayList<>();
        for (int from = 0; from < wanted.size(); from += per) {
            found.addAll(query(wanted.subList(from, Math.min(wanted.size(), from + per))));
        }
        Map<String, String[]> pairs = new HashMap<>();
        boolean[] used = new boolean[found.size()];
        for (ExpectedRows.Row r : wanted) {
            for (int i = 0; i < found.size(); i++) {
                if (!used[i] && equal(r.values(), found.get(i))) {
                    used[i] = true;
                    pairs.put(r.legacyKey(), found.get(i));
                    break;
                }
            }
        }
        return pairs;
    }

    private boolean equal(String[] expected, String[] actual) {
        List<ColumnInfo> cols = entity.columns();
        for (int i = 0; i < cols.size(); i++) {
            if (!ValueComparator.same(cols.get(i), expected[i], actual[i])) {
                return false;
            }
        }
        return true;
    }

    private List<String[]> query(List<ExpectedRows.Row> rows) throws SQLException {
        List<String> any = new ArrayList<>();
        for (ExpectedRows.Row r : rows) {
            List<String> all = new ArrayList<>();
            for (int i : matched) {
                String col = d.quote(entity.columns().get(i).name());
                all.add(r.values()[i] == null ? col + " IS NULL" : col + " = ?");
            }
            any.add("(" + String.join(" AND ", all) + ")");
        }
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(select + String.join(" OR ", any))) {
            int p = 1;
            for (ExpectedRows.Row r : rows) {
                for (int i : matched) {
                    if (r.values()[i] != null) {
                        d.bindText(ps, p++, r.values()[i]);
                    }
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                TextRow text = TextRow.of(rs);
                while (rs.next()) {
                    out.add(text.read(rs, entity.columns().size()));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
    }
}
