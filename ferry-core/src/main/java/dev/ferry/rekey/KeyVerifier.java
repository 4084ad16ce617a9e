package dev.ferry.rekey;

import dev.ferry.db.Catalogs;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Dialect;
import dev.ferry.db.HashingSql;
import dev.ferry.db.RowHash;
import dev.ferry.transfer.plan.KeyUuids;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Proves every row's UUID is the one a transfer derives from its integer key, and every UUID
 * reference the one derived from its integer reference, the way {@code ferry verify} compares a
 * transfer: the server sums, per segment of keys, a hash of each row's stored UUID texts; Ferry reads
 * only the integers, derives the UUIDs with {@link KeyUuids} (never trusting the server's function)
 * and sums the same hashes. Only a segment whose count or sum differs is read row by row, to name
 * each row that is wrong. Everything is read in one repeatable-read transaction, so rows the
 * application writes meanwhile cannot make the two sides disagree.
 */
final class KeyVerifier {
    /** Keys per segment: well below {@link RowHash#MAX_SEGMENT_ROWS}, and few rows to read again when one differs. */
    static final long SEGMENT = 10_000;
    private static final int FETCH = 10_000;
    /** Mismatches named per column; the count is always complete. */
    private static final int NAMED = 5;

    private final Connection c;
    private final Dialect dialect;
    private final HashingSql hashing;

    KeyVerifier(Connection c, Dialect dialect) {
        this.c = c;
        this.dialect = dialect;
        this.hashing = dialect.hashing();
    }

    /** One check per key and foreign-key column, in the plan's order. */
    List<KeyCheck> verify(RekeyModel model) throws SQLException {
        // Read before the transaction: the segment aggregate may tune the planner for the rest of it, badly for catalog queries.
        Map<RekeyModel.Keyed, Map<String, ColumnInfo>> columns = new HashMap<>();
        for (RekeyModel.Keyed t : model.tables()) {
            Map<String, ColumnInfo> byName = new HashMap<>();
            Catalogs.columns(c, t.ref()).forEach(ci -> byName.put(ci.name(), ci));
            columns.put(t, byName);
        }
        boolean autoCommit = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            List<KeyCheck> out = new ArrayList<>();
            for (RekeyModel.Keyed t : model.tables()) {
                out.addAll(new TableCheck(t, columns.get(t)).run());
            }
            c.commit();
            return out;
        } finally {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            c.setTransactionIsolation(isolation);
            c.setAutoCommit(autoCommit);
        }
    }

    /** A key or foreign-key column, its UUID twin and the entity its UUIDs are derived in. */
    private record Pair(String column, String uuidColumn, String entity) {
    }

    /** The comparison of one table: all its pairs hashed together per row, the row's integer key mixed in. */
    private final class TableCheck {
        private final RekeyModel.Keyed t;
        private final List<Pair> pairs = new ArrayList<>();
        private final String key;
        private final Map<String, ColumnInfo> columns;

        TableCheck(RekeyModel.Keyed t, Map<String, ColumnInfo> columns) {
            this.t = t;
            this.columns = columns;
            this.key = dialect.quote(t.plan().key());
            pairs.add(new Pair(t.plan().key(), t.plan().keyUuid(), t.plan().entity()));
            for (RekeyModel.Reference r : t.references()) {
                pairs.add(new Pair(r.column(), r.uuidColumn(), r.parent().entity()));
            }
        }

        List<KeyCheck> run() throws SQLException {
            long[] counts = counts();
            Map<Long, long[]> found = serverSegments();
            Map<Long, long[]> expected = expectedSegments();
            TreeSet<Long> differing = new TreeSet<>();
            for (Map.Entry<Long, long[]> e : expected.entrySet()) {
                long[] f = found.get(e.getKey());
                if (f == null || f[0] != e.getValue()[0] || f[1] != e.getValue()[1]) {
                    differing.add(e.getKey());
                }
            }
            found.keySet().stream().filter(s -> !expected.containsKey(s)).forEach(differing::add);
            long[] mismatches = new long[pairs.size()];
            List<List<String>> named = new ArrayList<>();
            pairs.forEach(p -> named.add(new ArrayList<>()));
            for (long segment : differing) {
                compareRows(segment, mismatches, named);
            }
            List<KeyCheck> out = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                out.add(new KeyCheck(t.ref().toString(), pairs.get(i).column(), counts[0], counts[i + 1], mismatches[i],
                        named.get(i).isEmpty() ? null : String.join("; ", named.get(i))));
            }
            return out;
        }

        /** Rows in the table, then per pair the rows holding only the UUID (written by a new client after the switch). */
        private long[] counts() throws SQLException {
            StringBuilder q = new StringBuilder("SELECT COUNT(*)");
            for (Pair p : pairs) {
                q.append(", SUM(CASE WHEN ").append(dialect.quote(p.column())).append(" IS NULL AND ").append(dialect.quote(p.uuidColumn()))
                        .append(" IS NOT NULL THEN 1 ELSE 0 END)");
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(q.append(" FROM ").append(t.ref().quoted(dialect)).toString())) {
                rs.next();
                long[] out = new long[pairs.size() + 1];
                for (int i = 0; i < out.length; i++) {
                    out[i] = rs.getLong(i + 1);
                }
                return out;
            }
        }

        /**
         * The server's count and hash sum per segment. A pair whose integer is NULL adds nothing: such a
         * UUID has no integer to be derived from, and is counted apart.
         */
        private Map<Long, long[]> serverSegments() throws SQLException {
            List<Integer> positions = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                Pair p = pairs.get(i);
                String text = hashing.keyText(columns.get(p.uuidColumn()), dialect.quote(p.uuidColumn()));
                positions.add(i);
                texts.add(i == 0 ? text : "CASE WHEN " + dialect.quote(p.column()) + " IS NULL THEN NULL ELSE " + text + " END");
            }
            String sql = RowHash.segmentSumsSql(dialect, key, SEGMENT, hashing.rowHashSql(key, positions, texts),
                    t.ref().quoted(dialect) + " WHERE " + key + " IS NOT NULL");
            try (Statement st = c.createStatement()) {
                hashing.expectFewGroups(c);
                try (ResultSet rs = st.executeQuery(sql)) {
                    return RowHash.readSegmentSums(rs);
                }
            }
        }

        /** The same sums computed by Ferry from the integers alone. */
        private Map<Long, long[]> expectedSegments() throws SQLException {
            RowHash.ColumnHash hash = hashing.columnHash();
            List<KeyUuids.TextWriter> writers = pairs.stream().map(p -> new KeyUuids.TextWriter(p.entity())).toList();
            byte[] text = new byte[KeyUuids.TEXT_LENGTH];
            Map<Long, long[]> segments = new HashMap<>();
            try (Statement st = c.createStatement()) {
                st.setFetchSize(FETCH);
                try (ResultSet rs = st.executeQuery(integersQuery(""))) {
                    while (rs.next()) {
                        long k = rs.getLong(1);
                        long h = 0;
                        for (int i = 0; i < pairs.size(); i++) {
                            String legacy = rs.getString(i + 1);
                            if (legacy != null) {
                                writers.get(i).write(legacy, text);
                                h += hash.ofUtf8(i, text, text.length);
                            }
                        }
                        long[] s = segments.computeIfAbsent(k / SEGMENT, x -> new long[2]);
                        s[0]++;
                        s[1] += hash.mix(k, h & RowHash.MASK);
                    }
                }
            }
            return segments;
        }

        private String integersQuery(String extraColumns) {
            StringBuilder q = new StringBuilder("SELECT ");
            for (int i = 0; i < pairs.size(); i++) {
                q.append(i == 0 ? "" : ", ").append(dialect.textCast(dialect.quote(pairs.get(i).column())));
            }
            return q.append(extraColumns).append(" FROM ").append(t.ref().quoted(dialect)).append(" WHERE ").append(key).append(" IS NOT NULL")
                    .toString();
        }

        /** Reads one differing segment's rows with their stored UUIDs and names each one that is not its integer's. */
        private void compareRows(long segment, long[] mismatches, List<List<String>> named) throws SQLException {
            StringBuilder uuids = new StringBuilder();
            for (Pair p : pairs) {
                uuids.append(", ").append(dialect.textCast(dialect.quote(p.uuidColumn())));
            }
            long[] range = keyRange(segment);
            try (PreparedStatement ps = c.prepareStatement(integersQuery(uuids.toString()) + " AND " + key + " BETWEEN ? AND ? ORDER BY " + key)) {
                ps.setLong(1, range[0]);
                ps.setLong(2, range[1]);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String rowKey = rs.getString(1);
                        for (int i = 0; i < pairs.size(); i++) {
                            String legacy = rs.getString(i + 1);
                            String stored = rs.getString(pairs.size() + i + 1);
                            if (legacy == null) {
                                continue;
                            }
                            String derived = KeyUuids.of(pairs.get(i).entity(), legacy).toString();
                            if (stored == null || !stored.equalsIgnoreCase(derived)) {
                                mismatches[i]++;
                                if (named.get(i).size() < NAMED) {
                                    Pair p = pairs.get(i);
                                    named.get(i).add("row " + t.plan().key() + " = " + rowKey + ": " + p.uuidColumn() + " is " + stored + ", expected "
                                            + derived + " (from " + p.column() + " " + legacy + ")");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** The keys of a segment: integer division truncates toward zero, so segment 0 holds the keys from -(SEGMENT-1) to SEGMENT-1. */
    static long[] keyRange(long segment) {
        if (segment > 0) {
            return new long[] {segment * SEGMENT, segment * SEGMENT + SEGMENT - 1};
        }
        if (segment < 0) {
            return new long[] {segment * SEGMENT - SEGMENT + 1, segment * SEGMENT};
        }
        return new long[] {-(SEGMENT - 1), SEGMENT - 1};
    }

    /** Each bad column's named rows, for an error message. */
    static String describe(List<KeyCheck> bad) {
        List<String> parts = new ArrayList<>();
        for (KeyCheck k : bad) {
            parts.add(k.table() + "." + k.column() + " (" + k.mismatches() + " row(s)): " + k.firstMismatch());
        }
        return String.join(" | ", parts);
    }
}
