package dev.ferry.verify;

import dev.ferry.FerryException;
import dev.ferry.Futures;
import dev.ferry.db.CanonicalForm;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.RowHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Compares an entity by legacy-key segments instead of row by row. The target hashes its rows
 * inside the database (one aggregate query: count and sum of row hashes per segment, joined to the
 * ID map for the legacy key). Meanwhile the source is hashed as the plan would fill the target:
 * by the source database where the plan translates to its SQL, Ferry adding only the keys it
 * derives, and otherwise by Ferry running each source row through the plan. Only segments whose
 * count or sum differ are read again and compared row by row, which names the exact missing,
 * changed and extra rows. Hash sums are a filter, never a verdict on their own: a value whose
 * canonical text a database spells differently just costs that closer look.
 *
 * <p>The key column is not hashed: the join through the ID map already ties each target row to
 * the legacy key whose segment it is counted in, and a wrong new key would break every reference
 * to it, which the hashed reference columns and the orphan checks catch.
 */
final class SegmentComparison {
    /** Segments compared row by row at most; beyond, the report says how many more differ. */
    static final int MAX_SEGMENTS_TO_LOCATE = 200;
    private static final int TARGET_SEGMENTS = 50_000;

    private final ExpectedRows expected;
    private final Database target;
    private final ExpectedRows.Entity entity;
    private final Set<String> rejected;

    SegmentComparison(ExpectedRows expected, Database target, ExpectedRows.Entity entity, Set<String> rejected) {
        this.expected = expected;
        this.target = target;
        this.entity = entity;
        this.rejected = rejected;
    }

    /** Segment width: a power of two, at least 1024 keys, at most {@link RowHash#MAX_SEGMENT_ROWS}. */
    static long segmentSize(long[] bounds) {
        long span = bounds == null ? 0 : Math.max(0, bounds[1] - bounds[0]);
        long size = 1024;
        while (size < RowHash.MAX_SEGMENT_ROWS && span / size > TARGET_SEGMENTS) {
            size <<= 1;
        }
        return size;
    }

    /** Fills the tally; returns how many differing segments were left without a row-by-row look. */
    long compare(Connection c, ContentTally tally) throws SQLException {
        long[] bounds = expected.keyBounds(entity.name());
        long size = segmentSize(bounds);
        CompletableFuture<Map<Long, long[]>> targetSide = CompletableFuture.supplyAsync(() -> targetSegments(size));
        boolean inSource = expected.hashesInSource(entity.name(), target.dialect());
        Map<Long, long[]> sourceSide;
        try {
            sourceSide = sourceSegments(bounds, size, tally, inSource);
        } catch (SourceHashingFailed e) {
            tally.note("the source database could not hash " + entity.name() + " (" + e.getMessage() + "); Ferry hashed it instead");
            tally.resetSums();
            inSource = false;
            sourceSide = sourceSegmentsOrCancel(bounds, size, tally, targetSide);
        } catch (RuntimeException e) {
            targetSide.cancel(true);
            throw e;
        }
        Map<Long, long[]> targetSegments = Futures.join(targetSide);
        tally.mappedTargetRows = targetSegments.values().stream().mapToLong(v -> v[0]).sum();
        TreeSet<Long> differing = differing(sourceSide, targetSegments);
        if (inSource && differing.size() > MAX_SEGMENTS_TO_LOCATE) {
            // SQL may spell a value differently than Ferry's own mapping does (exotic blanks, JSON
            // numbers): before calling that many segments different, hash the source in Ferry.
            tally.resetSums();
            sourceSide = sourceSegments(bounds, size, tally, false);
            differing = differing(sourceSide, targetSegments);
            inSource = false;
        }
        tally.hashedInSource = inSource;
        for (Map.Entry<Long, long[]> seg : sourceSide.entrySet()) {
            if (!differing.contains(seg.getKey())) {
                tally.matched += seg.getValue()[0];
            }
        }
        Set<Long> all = new HashSet<>(sourceSide.keySet());
        all.addAll(targetSegments.keySet());
        tally.segments = all.size();
        tally.segmentsLocated = Math.min(differing.size(), MAX_SEGMENTS_TO_LOCATE);
        int looked = 0;
        long started = System.nanoTime();
        for (Long s : differing) {
            if (looked++ == MAX_SEGMENTS_TO_LOCATE) {
                break;
            }
            locate(c, s, size, tally);
        }
        tally.locateNanos = System.nanoTime() - started;
        return Math.max(0, differing.size() - MAX_SEGMENTS_TO_LOCATE);
    }

    /** Hashes the source in Ferry; on failure the target's query is not waited for. */
    private Map<Long, long[]> sourceSegmentsOrCancel(long[] bounds, long size, ContentTally tally, CompletableFuture<?> targetSide) {
        try {
            return sourceSegments(bounds, size, tally, false);
        } catch (RuntimeException e) {
            targetSide.cancel(true);
            throw e;
        }
    }

    private static TreeSet<Long> differing(Map<Long, long[]> source, Map<Long, long[]> target) {
        TreeSet<Long> differing = new TreeSet<>();
        Set<Long> all = new HashSet<>(source.keySet());
        all.addAll(target.keySet());
        for (Long s : all) {
            long[] a = source.getOrDefault(s, new long[2]);
            long[] b = target.getOrDefault(s, new long[2]);
            if (a[0] != b[0] || a[1] != b[1]) {
                differing.add(s);
            }
        }
        return differing;
    }

    /** The source database could not compute the hashes (a value its SQL cannot convert, say). */
    private static final class SourceHashingFailed extends RuntimeException {
        SourceHashingFailed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Count and hash sum per segment of the expected rows, computed as the source streams by; a
     * large entity is read as several key ranges in parallel, each a whole number of segments.
     */
    private Map<Long, long[]> sourceSegments(long[] bounds, long size, ContentTally tally, boolean inSource) {
        if (bounds == null) {
            return new HashMap<>();
        }
        int parts = bounds[0] < 0 ? 1 : (int) Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(),
                (bounds[1] - bounds[0]) / (size * 64)));
        long first = bounds[0] / size;
        long perPart = (bounds[1] / size - first) / parts + 1;
        List<CompletableFuture<Map<Long, long[]>>> running = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            long from = i == 0 ? bounds[0] : (first + i * perPart) * size;
            long to = i == parts - 1 ? bounds[1] : (first + (i + 1) * perPart) * size - 1;
            running.add(CompletableFuture.supplyAsync(() -> inSource ? hashRangeInSource(from, to, size, tally) : hashRange(from, to, size, tally)));
        }
        // Every part ends before this returns, also when one fails, so none is left reading.
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).exceptionally(x -> null).join();
        Map<Long, long[]> segments = new HashMap<>();
        for (CompletableFuture<Map<Long, long[]>> part : running) {
            segments.putAll(Futures.join(part));
        }
        return segments;
    }

    /** Hashes a key range with the source database computing every column it can. */
    private Map<Long, long[]> hashRangeInSource(long from, long to, long size, ContentTally tally) {
        Map<Long, long[]> segments = new HashMap<>();
        boolean[] sums = tally.summedColumns();
        try {
            if (sums == null) {
                Map<Long, long[]> summed = expected.sourceSegmentHashes(entity.name(), target.dialect(), from, to, size, rejected);
                if (summed != null) {
                    return summed;
                }
            }
            expected.sourceRowHashes(entity.name(), target.dialect(), from, to, rejected, sums, (key, hash, values) -> {
                if (values != null) {
                    tally.sum(values);
                }
                long[] seg = segments.computeIfAbsent(key / size, s -> new long[2]);
                seg[0]++;
                seg[1] += hash;
            });
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                throw FerryException.sql("Reading " + entity.name() + " from the source", e);
            }
            throw new SourceHashingFailed(e.getMessage() == null ? e.toString() : e.getMessage().strip().split("\n")[0]);
        }
        return segments;
    }

    /** Hashes a key range in Ferry, running every source row through the plan. */
    private Map<Long, long[]> hashRange(long from, long to, long size, ContentTally tally) {
        List<ColumnInfo> cols = entity.columns();
        Dialect d = target.dialect();
        CanonicalForm[] forms = cols.stream().map(d.hashing()::canonicalForm).toArray(CanonicalForm[]::new);
        RowHash hash = new RowHash(d.hashing().columnHash());
        String[] canonical = new String[cols.size()];
        int keyIndex = entity.keyIndex();
        Map<Long, long[]> segments = new HashMap<>();
        try {
            expected.stream(entity.name(), from, to, 5000, rows -> {
                for (ExpectedRows.Row r : rows) {
                    if (r.values() == null || rejected.contains(r.legacyKey())) {
                        continue;
                    }
                    tally.sum(r.values());
                    for (int i = 0; i < canonical.length; i++) {
                        canonical[i] = i == keyIndex ? null : forms[i].render(cols.get(i), r.values()[i]);
                    }
                    long key = Long.parseLong(r.legacyKey());
                    long[] seg = segments.computeIfAbsent(key / size, s -> new long[2]);
                    seg[0]++;
                    seg[1] += hash.of(key, canonical);
                }
            });
        } catch (SQLException e) {
            throw FerryException.sql("Reading " + entity.name() + " from the source", e);
        }
        return segments;
    }

    /**
     * Count and hash sum per segment of the target rows, computed by the target database. Each row
     * is hashed before the join to the ID map, which then carries two short values per row (new key
     * and partial hash) instead of whole rows: a join of the rows themselves outgrew work_mem on
     * large tables and spilled every row to temporary files. The legacy key is mixed in after it.
     */
    private Map<Long, long[]> targetSegments(long size) {
        Dialect d = target.dialect();
        String sql = targetSegmentsSql(size);
        try (Connection c = target.connect("ferry verify (target " + entity.name() + ")")) {
            c.setAutoCommit(false); // the transaction is only read; closing the connection ends it
            d.hashing().expectFewGroups(c);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, entity.name());
                try (ResultSet rs = ps.executeQuery()) {
                    return RowHash.readSegmentSums(rs);
                }
            }
        } catch (SQLException e) {
            throw FerryException.sql("Hashing " + entity.target() + " by segment", e);
        }
    }

    /** The target's segment query; its one parameter is the entity's name in the ID map. */
    String targetSegmentsSql(long size) {
        Dialect d = target.dialect();
        String key = d.hashing().integerCast("m.legacy_key");
        return RowHash.segmentSumsSql(d, key, size, d.hashing().rowMixSql(key, "t.ferry_partial"), d.quote("ferry_id_map") + " m JOIN ("
                + targetPartialsSql(d) + ") t ON t.ferry_new_key = m.new_key WHERE m.entity = ?");
    }

    /** Each target row's new key as the ID map holds it and the partial sum of its non-key columns' terms. */
    private String targetPartialsSql(Dialect d) {
        List<ColumnInfo> cols = entity.columns();
        List<Integer> positions = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            if (i != entity.keyIndex()) {
                positions.add(i);
                texts.add(d.hashing().canonicalText(cols.get(i), "t." + d.quote(cols.get(i).name())));
            }
        }
        return "SELECT " + entity.keyText(d, "t.") + " AS ferry_new_key, " + d.hashing().partialHashSql(positions, texts) + " AS ferry_partial FROM "
                + entity.target().quoted(d) + " t" + d.hashing().keepSubquery();
    }

    /** Reads one differing segment on both sides and compares it row by row. */
    private void locate(Connection c, long segment, long size, ContentTally tally) throws SQLException {
        long from = segment > 0 ? segment * size : segment * size - (size - 1);
        long to = segment < 0 ? segment * size : segment * size + (size - 1);
        List<ExpectedRows.Row> wanted = new ArrayList<>();
        Set<String> wantedKeys = new HashSet<>();
        for (ExpectedRows.Row r : expected.range(entity.name(), from, to)) {
            if (r.values() != null && !rejected.contains(r.legacyKey())) {
                wanted.add(r);
                wantedKeys.add(r.legacyKey());
            }
        }
        TargetLookup lookup = new TargetLookup(c, target.dialect(), entity);
        for (int i = 0; i < wanted.size(); i += 1000) {
            List<ExpectedRows.Row> part = wanted.subList(i, Math.min(wanted.size(), i + 1000));
            Map<String, String[]> actual = lookup.fetch(part);
            for (ExpectedRows.Row r : part) {
                tally.compare(r, actual.get(entity.keyOf(r.values())));
            }
        }
        List<String> others = new ArrayList<>();
        for (long key = from; key <= to; key++) {
            if (!wantedKeys.contains(Long.toString(key))) {
                others.add(Long.toString(key));
            }
        }
        findExtras(c, others, tally);
    }

    /** Target rows mapped from legacy keys the plan does not produce (deleted, filtered or rejected at the source). */
    private void findExtras(Connection c, List<String> legacyKeys, ContentTally tally) throws SQLException {
        Dialect d = target.dialect();
        String head = "SELECT m.legacy_key, m.new_key FROM " + d.quote("ferry_id_map") + " m JOIN " + entity.target().quoted(d) + " t ON "
                + entity.keyText(d, "t.") + " = m.new_key WHERE m.entity = ? AND m.legacy_key IN (";
        for (int i = 0; i < legacyKeys.size(); i += 1000) {
            List<String> part = legacyKeys.subList(i, Math.min(legacyKeys.size(), i + 1000));
            try (PreparedStatement ps = c.prepareStatement(head + String.join(", ", Collections.nCopies(part.size(), "?")) + ")")) {
                ps.setString(1, entity.name());
                for (int j = 0; j < part.size(); j++) {
                    ps.setString(j + 2, part.get(j));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tally.extra(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
    }
}
