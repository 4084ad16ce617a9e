package dev.ferry.transfer.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ferry.transfer.transform.Transforms;
import dev.ferry.transfer.transform.ValueTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns one source row into one target row, following the plan: the new key, each column's
 * mapping, every reference rewritten to its parent's new key, and the tenant. Compiled once per
 * entity into an array of small steps, because it runs for every row.
 */
public final class RowMapper {
    /** Thrown when a row cannot be mapped; the row is rejected with this message. */
    public static final class RowRejected extends Exception {
        private final String column;

        public RowRejected(String message) {
            this(null, message);
        }

        /** @param column the target column whose value could not be made, named in {@code transfer rejects} */
        public RowRejected(String column, String message) {
            super(message, null, false, false);
            this.column = column;
        }

        /** The target column that failed; {@code null} when the whole row did. */
        public String column() {
            return column;
        }
    }

    private interface Step {
        String value(String[] source) throws RowRejected;
    }

    /** Where a target column's value comes from, so that SQL can compute the same value in the source. */
    public sealed interface Origin {
    }

    /** Computed from source columns by the plan's column mapping. */
    public record Planned(ColumnPlan plan) implements Origin {
    }

    /** The text of one source column, unchanged. */
    public record Copied(String sourceColumn) implements Origin {
    }

    /** The same text for every row. */
    public record Constant(String value) implements Origin {
    }

    /**
     * A key Ferry derives (a name-based UUID of {@code entity}) from the source column at
     * {@code sourceIndex}; only Ferry can compute it.
     */
    public record Derived(int sourceIndex, String entity) implements Origin {
    }

    /**
     * A key Ferry derives (a name-based UUID of {@code entity}) from the {@link KeyTuples tuple} of
     * the source columns at {@code sourceIndexes}: a composite key or a reference to one.
     */
    public record DerivedTuple(int[] sourceIndexes, String entity) implements Origin {
    }

    /** Decimals stay as written ({@code 2.50}, not {@code 2.5}), as databases extract them. */
    private static final ObjectReader JSON = new ObjectMapper().setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readerFor(JsonNode.class);
    /** The last JSON text parsed on this thread and its tree: several columns often read fields of one document. */
    private static final ThreadLocal<Object[]> LAST_JSON = ThreadLocal.withInitial(() -> new Object[2]);

    private final EntityPlan entity;
    /** Where the key's columns are in a source row: one, or several for a composite key. */
    private final int[] keyIndexes;
    private final List<String> targetColumns = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<Origin> origins = new ArrayList<>();

    /**
     * @param selected the source columns in the order the source query returns them
     * @param strategies every entity's key strategy, so a reference to a "keep" entity keeps its value
     */
    public RowMapper(EntityPlan entity, List<String> selected, Transforms transforms, Map<String, KeyStrategy> strategies) {
        this.entity = entity;
        this.keyIndexes = indexes(selected, entity.keyColumns());
        if (entity.compositeKey() && entity.keyStrategy() == KeyStrategy.KEEP) {
            // The target keeps the key's own columns, each a copy.
            for (int i = 0; i < keyIndexes.length; i++) {
                int idx = keyIndexes[i];
                targetColumns.add(entity.keyColumns().get(i));
                steps.add(src -> src[idx]);
                origins.add(new Copied(entity.keyColumns().get(i)));
            }
        } else if (entity.keyStrategy() != KeyStrategy.GENERATED) {
            targetColumns.add(entity.keyTarget());
            steps.add(src -> newKey(legacyKey(src)));
            origins.add(entity.keyStrategy() == KeyStrategy.KEEP ? new Copied(entity.keyColumn())
                    : entity.compositeKey() ? new DerivedTuple(keyIndexes, entity.keyNamespace()) : new Derived(keyIndexes[0], entity.keyNamespace()));
        }
        for (ColumnPlan c : entity.columns()) {
            targetColumns.add(c.target());
            steps.add(column(c, selected, transforms));
            origins.add(new Planned(c));
        }
        for (ReferencePlan r : entity.references()) {
            targetColumns.add(r.target());
            String parent = r.entity();
            if (r.composite()) {
                // The loader allows these only to a parent with a UUID over its tuple; a NULL in any column is no reference.
                int[] idx = indexes(selected, r.fromColumns());
                steps.add(src -> {
                    String tuple = KeyTuples.of(src, idx);
                    return tuple == null ? null : KeyUuids.of(parent, tuple).toString();
                });
                origins.add(new DerivedTuple(idx, parent));
                continue;
            }
            int idx = selected.indexOf(r.from());
            boolean keep = strategies.get(parent) == KeyStrategy.KEEP;
            steps.add(src -> src[idx] == null ? null : keep ? src[idx] : KeyUuids.of(parent, src[idx]).toString());
            origins.add(keep ? new Copied(r.from()) : new Derived(idx, parent));
        }
        TenantPlan t = entity.tenant();
        if (t != null && !targetColumns.contains(t.column())) {
            targetColumns.add(t.column());
            if (t.fromParent()) {
                int idx = selected.indexOf(SourceQuery.TENANT_ALIAS);
                String tenantEntity = t.entity();
                steps.add(src -> src[idx] == null || tenantEntity == null ? src[idx] : KeyUuids.of(tenantEntity, src[idx]).toString());
                origins.add(tenantEntity == null ? new Copied(SourceQuery.TENANT_ALIAS) : new Derived(idx, tenantEntity));
            } else {
                String value = t.value();
                steps.add(src -> value);
                origins.add(new Constant(value));
            }
        }
    }

    public List<String> targetColumns() {
        return targetColumns;
    }

    /** Where each target column's value comes from, in {@link #targetColumns()} order. */
    public List<Origin> origins() {
        return origins;
    }

    /** The value of one target column for a source row. */
    public String value(int column, String[] source) throws RowRejected {
        return steps.get(column).value(source);
    }

    /** The row's legacy key: its key column's text, or the {@link KeyTuples tuple} of a composite key ({@code null} if any part is). */
    public String legacyKey(String[] source) {
        return KeyTuples.of(source, keyIndexes);
    }

    private static int[] indexes(List<String> selected, List<String> columns) {
        return columns.stream().mapToInt(selected::indexOf).toArray();
    }

    public String newKey(String legacyKey) {
        return switch (entity.keyStrategy()) {
            case UUID -> KeyUuids.of(entity.keyNamespace(), legacyKey).toString();
            case KEEP -> legacyKey;
            case GENERATED -> null;
        };
    }

    public String[] map(String[] source) throws RowRejected {
        String[] out = new String[steps.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = steps.get(i).value(source);
        }
        return out;
    }

    private static Step column(ColumnPlan c, List<String> selected, Transforms transforms) {
        Step base;
        if (c.constant() != null) {
            String constant = c.constant();
            base = src -> constant;
        } else if (c.concat() != null) {
            int[] idx = c.concat().stream().mapToInt(selected::indexOf).toArray();
            String sep = c.separator();
            base = src -> {
                StringBuilder sb = new StringBuilder();
                boolean any = false;
                for (int i : idx) {
                    if (src[i] != null && !src[i].isEmpty()) {
                        if (any) {
                            sb.append(sep);
                        }
                        sb.append(src[i]);
                        any = true;
                    }
                }
                return any ? sb.toString() : null;
            };
        } else if (c.from() != null) {
            int idx = selected.indexOf(c.from());
            base = src -> src[idx];
        } else {
            base = src -> null;
        }
        Step step = base;
        if (c.json() != null) {
            Step inner = step;
            String[] path = c.json().replaceFirst("^\\$\\.?", "").split("\\.");
            String column = c.target();
            step = src -> extract(inner.value(src), path, column);
        }
        for (String spec : c.transforms()) {
            ValueTransform t = transforms.create(spec);
            Step inner = step;
            String column = c.target();
            step = src -> {
                try {
                    return t.apply(inner.value(src));
                } catch (IllegalArgumentException e) {
                    throw new RowRejected(column, "column " + column + ": transform " + spec + " failed: " + e.getMessage());
                }
            };
        }
        if (c.map() != null) {
            Map<String, String> map = c.map();
            String fallback = map.get("*");
            Step inner = step;
            String column = c.target();
            step = src -> {
                String v = inner.value(src);
                if (v == null) {
                    return null;
                }
                String mapped = map.get(v);
                if (mapped != null) {
                    return mapped;
                }
                if (fallback != null) {
                    return fallback;
                }
                throw new RowRejected(column, "column " + column + ": value '" + v + "' has no entry in its map (add it, or '*' for the rest)");
            };
        }
        if (c.defaultValue() != null) {
            String d = c.defaultValue();
            Step inner = step;
            step = src -> {
                String v = inner.value(src);
                return v == null ? d : v;
            };
        }
        return step;
    }

    private static String extract(String json, String[] path, String column) throws RowRejected {
        if (json == null || json.isBlank()) {
            return null;
        }
        Object[] last = LAST_JSON.get();
        JsonNode node;
        if (last[0] == json) {
            node = (JsonNode) last[1];
        } else {
            try {
                node = JSON.readTree(json);
            } catch (JsonProcessingException e) {
                throw new RowRejected(column, "column " + column + ": not valid JSON: " + e.getOriginalMessage());
            }
            last[0] = json;
            last[1] = node;
        }
        for (String p : path) {
            if (p.isEmpty()) {
                continue;
            }
            node = node == null ? null : node.get(p);
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
