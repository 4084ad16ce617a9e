package dev.ferry.verify;

import dev.ferry.transfer.plan.EntityJob;
import dev.ferry.transfer.plan.RowMapper;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Dialect;
import dev.ferry.db.RowHash;
import dev.ferry.transfer.plan.ColumnPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * The query that lets the source database hash what the plan makes of each of its rows, so
 * verification does not pull every row through Ferry. Each column mapping is translated to SQL
 * (copies, constants, concatenation, JSON fields, the built-in transforms, value maps, defaults),
 * converted to the target column's type and written in its canonical form; the database hashes
 * those texts and sums the terms. Keys Ferry derives (name-based UUIDs) cannot be computed in SQL:
 * the query returns the source values they come from, and Ferry adds their terms. Ferry then mixes
 * in the row's legacy key ({@link RowHash}); the per-segment query mixes it in SQL.
 *
 * <p>Built only when source and target are the same kind of database, so both spell canonical
 * texts alike, and only when every column translates; otherwise {@link #build} returns {@code null}.
 */
final class SourceHashSql {
    private final String sql;
    /** Builds the per-segment query for a segment size; {@code null} when Ferry must see every row. */
    private final LongFunction<String> segmentSql;
    private final int[] derivedColumns;
    private final int[] derivedSources;
    private final int[] sumColumns;

    private SourceHashSql(String sql, LongFunction<String> segmentSql, int[] derivedColumns, int[] derivedSources, int[] sumColumns) {
        this.sql = sql;
        this.segmentSql = segmentSql;
        this.derivedColumns = derivedColumns;
        this.derivedSources = derivedSources;
        this.sumColumns = sumColumns;
    }

    /**
     * @param sums target columns whose expected values are also returned (as the plan makes them,
     *             before conversion), for exact sums
     * @param excludeKeys whether the query takes an array of legacy keys (as text) to leave out
     */
    static SourceHashSql build(EntityJob job, Dialect source, Dialect target, boolean[] sums, boolean excludeKeys) {
        if (source.getClass() != target.getClass() || !job.integerKey()) {
            return null;
        }
        List<ColumnInfo> columns = job.targetColumns();
        List<RowMapper.Origin> origins = job.mapper().origins();
        List<String> selected = job.query().selected();
        String key = "s." + source.quote(job.plan().keyColumn());
        List<Integer> hashed = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<String> derivedValues = new ArrayList<>();
        List<String> sumValues = new ArrayList<>();
        List<Integer> derived = new ArrayList<>();
        List<Integer> derivedFrom = new ArrayList<>();
        List<Integer> summed = new ArrayList<>();
        Map<String, String> documents = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            RowMapper.Origin origin = origins.get(i);
            if (columns.get(i).name().equals(job.plan().keyTarget())) {
                continue; // the key is checked by the join through the ID map, not hashed
            }
            if (origin instanceof RowMapper.Derived d) {
                derived.add(i);
                derivedFrom.add(d.sourceIndex());
                derivedValues.add(source.textCast("s." + source.quote(selected.get(d.sourceIndex()))));
                continue;
            }
            String value = valueSql(origin, source, documents);
            String same = sameTypeCopy(origin, columns.get(i), job.sourceColumns(), source);
            String typed = same != null ? same : value == null ? null : target.hashing().castTextTo(columns.get(i), value);
            if (typed == null) {
                return null;
            }
            if (typed.equals(source.hashing().jsonDocumentSql(value))) {
                typed = document(documents, typed);
            }
            hashed.add(i);
            texts.add(target.hashing().canonicalText(columns.get(i), typed));
            if (sums != null && sums[i]) {
                sumValues.add(value);
                summed.add(i);
            }
        }
        String partial = target.hashing().partialHashSql(hashed, texts);
        List<String> select = new ArrayList<>(List.of(key, partial));
        select.addAll(derivedValues);
        select.addAll(sumValues);
        String where = " WHERE " + key + " >= ? AND " + key + " <= ?" + (excludeKeys ? " AND NOT (" + source.textCast(key) + " = ANY (?))" : "");
        String from = "(" + job.query().base() + ") s" + where;
        if (!documents.isEmpty()) {
            // Each JSON document is parsed once per row, however many columns read it.
            List<String> parsed = new ArrayList<>(List.of("s.*"));
            documents.forEach((sql, alias) -> parsed.add(sql + " AS " + alias.substring(2)));
            from = "(SELECT " + String.join(", ", parsed) + " FROM " + from + source.hashing().keepSubquery() + ") s";
        }
        String sql = "SELECT " + String.join(", ", select) + " FROM " + from;
        // With nothing for Ferry to add, the source can sum its segments itself, as the target does.
        String rows = from;
        String hash = target.hashing().rowMixSql(key, partial);
        LongFunction<String> segments = derived.isEmpty() && summed.isEmpty() ? size -> RowHash.segmentSumsSql(source, key, size, hash, rows) : null;
        return new SourceHashSql(sql, segments, ints(derived), ints(derivedFrom), ints(summed));
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A source column copied into a column of the very same type needs no detour through text
     * (which is what a copy means): the value itself, or {@code null} when it is not such a copy.
     */
    private static String sameTypeCopy(RowMapper.Origin origin, ColumnInfo target, Map<String, ColumnInfo> sourceColumns, Dialect d) {
        String from = origin instanceof RowMapper.Copied c ? c.sourceColumn()
                : origin instanceof RowMapper.Planned p && p.plan().json() == null && p.plan().transforms().isEmpty() && p.plan().map() == null
                && p.plan().defaultValue() == null && p.plan().constant() == null && p.plan().concat() == null ? p.plan().from() : null;
        ColumnInfo source = from == null ? null : sourceColumns.get(from);
        boolean same = source != null && source.type().equals(target.type()) && Objects.equals(source.precision(), target.precision())
                && Objects.equals(source.scale(), target.scale()) && Objects.equals(source.maxLength(), target.maxLength());
        return same ? "s." + d.quote(from) : null;
    }

    /** The column holding a parsed JSON document, added to the inner query on first use. */
    private static String document(Map<String, String> documents, String sql) {
        return documents.computeIfAbsent(sql, x -> "s.ferry_json_" + documents.size());
    }

    /** SQL for a value as text, as the row mapper computes it; {@code null} when some step has no SQL. */
    private static String valueSql(RowMapper.Origin origin, Dialect d, Map<String, String> documents) {
        if (origin instanceof RowMapper.Copied c) {
            return d.textCast("s." + d.quote(c.sourceColumn()));
        }
        if (origin instanceof RowMapper.Constant c) {
            return d.literal(c.value());
        }
        return origin instanceof RowMapper.Planned p ? planned(p.plan(), d, documents) : null;
    }

    private static String planned(ColumnPlan c, Dialect d, Map<String, String> documents) {
        String v;
        if (c.constant() != null) {
            v = d.literal(c.constant());
        } else if (c.concat() != null) {
            List<String> parts = c.concat().stream().map(col -> d.textCast("s." + d.quote(col))).toList();
            v = d.hashing().concatNonEmpty(parts, c.separator());
        } else if (c.from() != null) {
            v = d.textCast("s." + d.quote(c.from()));
        } else {
            v = "NULL";
        }
        if (v != null && c.json() != null) {
            List<String> path = new ArrayList<>();
            for (String p : c.json().replaceFirst("^\\$\\.?", "").split("\\.")) {
                if (!p.isEmpty()) {
                    path.add(p);
                }
            }
            String doc = d.hashing().jsonDocumentSql(v);
            v = doc == null ? null : d.hashing().jsonFieldSql(document(documents, doc), path);
        }
        for (String spec : c.transforms()) {
            if (v == null) {
                return null;
            }
            int colon = spec.indexOf(':');
            String name = colon < 0 ? spec.strip() : spec.substring(0, colon).strip();
            v = d.hashing().transformSql(name, colon < 0 ? null : spec.substring(colon + 1), v);
        }
        if (v != null && c.map() != null) {
            StringBuilder sb = new StringBuilder("CASE " + v);
            for (Map.Entry<String, String> e : c.map().entrySet()) {
                if (!e.getKey().equals("*")) {
                    sb.append(" WHEN ").append(d.literal(e.getKey())).append(" THEN ").append(d.literal(e.getValue()));
                }
            }
            // A value without an entry and without "*" makes the plan reject the row; NULL then
            // only makes the comparison look at that row closely.
            String fallback = c.map().get("*");
            String mapped = sb.append(" ELSE ").append(d.literal(fallback)).append(" END").toString();
            v = fallback == null ? mapped : "CASE WHEN " + v + " IS NULL THEN NULL ELSE " + mapped + " END";
        }
        if (v != null && c.defaultValue() != null) {
            v = "COALESCE(" + v + ", " + d.literal(c.defaultValue()) + ")";
        }
        return v;
    }

    /** The per-row query: legacy key, partial sum of the hashed columns' terms, derived keys' sources, summed values. */
    String sql() {
        return sql;
    }

    /**
     * The query summing the row hashes per key segment of {@code size} keys in the source itself
     * (segment, count, sum; the same parameters as {@link #sql}); {@code null} when Ferry must add
     * derived keys or read values for sums, which needs every row.
     */
    String segmentSql(long size) {
        return segmentSql == null ? null : segmentSql.apply(size);
    }

    /** Target columns whose values Ferry derives, in order. */
    int[] derivedColumns() {
        return derivedColumns;
    }

    /** For each derived column, the source column (index in the source query) it is derived from. */
    int[] derivedSources() {
        return derivedSources;
    }

    /** Target columns returned for sums, in order, after the derived columns' sources. */
    int[] sumColumns() {
        return sumColumns;
    }
}
