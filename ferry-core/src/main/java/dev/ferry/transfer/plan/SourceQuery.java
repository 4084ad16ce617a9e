package dev.ferry.transfer.plan;

import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL that reads an entity from the source in key order, one batch at a time (keyset
 * pagination: {@code WHERE key > last ORDER BY key LIMIT n}), so reading never holds a table in
 * memory and a resume starts exactly after the last committed key. A composite key pages by its
 * whole tuple ({@code WHERE (a, b) > (?, ?) ORDER BY a, b}), one parameter per column.
 */
public final class SourceQuery {
    static final String TENANT_ALIAS = "ferry_tenant";

    private final List<String> selected;
    private final String base;
    private final List<String> key;
    private final Dialect dialect;
    private final TableRef table;

    /**
     * @param parentSource for a tenant taken from the parent row: the parent's source (table or query) and key column
     */
    public SourceQuery(EntityPlan entity, TableRef table, Dialect dialect, String parentSource, String parentKey) {
        this.dialect = dialect;
        this.table = entity.sourceQuery() != null ? null : table;
        this.key = entity.keyColumns();
        Set<String> columns = new LinkedHashSet<>(entity.keyColumns());
        for (ColumnPlan c : entity.columns()) {
            columns.addAll(c.sourceColumns());
        }
        for (ReferencePlan r : entity.references()) {
            columns.addAll(r.fromColumns());
        }
        TenantPlan t = entity.tenant();
        ReferencePlan via = t != null && t.fromParent()
                ? entity.references().stream().filter(r -> r.target().equals(t.via())).findFirst().orElseThrow() : null;
        if (via != null) {
            columns.add(via.from());
        }
        List<String> select = new ArrayList<>(columns);
        String from = entity.sourceQuery() != null ? "(" + entity.sourceQuery() + ")" : table.quoted(dialect);
        String filtered = entity.where() == null ? from + " s" : "(SELECT * FROM " + from + " f WHERE " + entity.where() + ") s";
        String list = select.stream().map(c -> "s." + dialect.quote(c)).collect(Collectors.joining(", "));
        if (via != null) {
            select.add(TENANT_ALIAS);
            list += ", p." + dialect.quote(t.parentColumn()) + " AS " + TENANT_ALIAS;
            filtered += " LEFT JOIN " + parentSource + " p ON p." + dialect.quote(parentKey) + " = s." + dialect.quote(via.from());
        }
        this.selected = List.copyOf(select);
        this.base = "SELECT " + list + " FROM " + filtered;
    }

    /** The source table read; {@code null} when a query is. */
    public TableRef table() {
        return table;
    }

    public List<String> selected() {
        return selected;
    }

    /** Every row the plan selects, unordered, with the columns of {@link #selected()}. */
    public String base() {
        return base;
    }

    /**
     * One batch: rows with a key above {@code after} (when given) and at most {@code upTo} (when
     * given). A composite key binds one parameter per key column for {@code after}; {@code upTo}
     * bounds only a slice of a one-column key.
     */
    public String batch(boolean after, boolean upTo) {
        String k = keyList("s.");
        List<String> conditions = new ArrayList<>();
        if (after) {
            conditions.add(key.size() == 1 ? k + " > ?" : "(" + k + ") > (" + String.join(", ", java.util.Collections.nCopies(key.size(), "?")) + ")");
        }
        if (upTo) {
            conditions.add(k + " <= ?");
        }
        return base + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions)) + " ORDER BY " + k + " LIMIT ?";
    }

    /**
     * Every row whose key equals the one bound (one parameter per key column): the rest of a group
     * of rows sharing a key that a batch's limit cut through, which the next batch ({@code key >
     * last}) would otherwise skip.
     */
    public String sameKey() {
        return base + " WHERE " + key.stream().map(c -> "s." + dialect.quote(c) + " = ?").collect(Collectors.joining(" AND "));
    }

    /**
     * Binds a legacy key as {@link #batch}'s {@code after} or {@link #sameKey}'s parameters from
     * {@code index} on: one integer or text, or each value of a composite key's tuple as text the
     * database converts to its column's type. Returns the next parameter's index.
     */
    public int bindKey(PreparedStatement ps, int index, String legacyKey, boolean integerKey) throws SQLException {
        if (key.size() == 1) {
            if (integerKey) {
                ps.setLong(index, Long.parseLong(legacyKey));
            } else {
                ps.setString(index, legacyKey);
            }
            return index + 1;
        }
        for (String value : KeyTuples.decode(legacyKey)) {
            dialect.bindText(ps, index++, value);
        }
        return index;
    }

    /** The key columns of the source row {@code alias}, comma-separated in key order. */
    private String keyList(String alias) {
        return key.stream().map(c -> alias + dialect.quote(c)).collect(Collectors.joining(", "));
    }

    /** Rows the plan selects, for plan and verification counts. */
    public String count() {
        return "SELECT COUNT(*) FROM (" + base + ") c";
    }

    /** The smallest and largest key (of a composite key: its first column), to split an entity into ranges. */
    public String keyBounds() {
        String k = "x." + dialect.quote(key.get(0));
        return "SELECT MIN(" + k + "), MAX(" + k + ") FROM (" + base + ") x";
    }
}
