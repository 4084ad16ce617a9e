package dev.ferry.verify;

import dev.ferry.transfer.plan.EntityJob;
import dev.ferry.transfer.plan.PlanChecker;
import dev.ferry.transfer.plan.RowMapper;
import dev.ferry.FerryException;
import dev.ferry.db.CanonicalForm;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.RowHash;
import dev.ferry.db.TableRef;
import dev.ferry.db.TextRow;
import dev.ferry.transfer.plan.EntityMode;
import dev.ferry.transfer.plan.ExpectSpec;
import dev.ferry.transfer.plan.KeyStrategy;
import dev.ferry.transfer.plan.KeyTuples;
import dev.ferry.transfer.plan.ReferencePlan;
import dev.ferry.transfer.plan.TenantPlan;
import dev.ferry.transfer.plan.TransferPlan;
import dev.ferry.transfer.transform.Transforms;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a plan says the target should contain, computed from the source through the plan's own
 * mapping and key rules, streamed in key order. Verification compares it with what the target
 * does contain.
 */
final class ExpectedRows implements AutoCloseable {

    /**
     * One entity as verification sees it.
     *
     * @param keyColumns the target columns holding the new key: one, several for a composite key the
     *                   target keeps, none when the target generates it (rows are then matched by content)
     */
    public record Entity(String name, TableRef target, List<ColumnInfo> columns, List<String> keyColumns, boolean insert, boolean idMap,
                         String sourceCountSql, TenantLink tenant, boolean integerKey, ExpectSpec expect,
                         List<ParentLink> parents, TenantOwner owner) {

        /** The key column, or the first of a composite key; {@code null} when the target generates the key. */
        public String keyColumn() {
            return keyColumns.isEmpty() ? null : keyColumns.get(0);
        }

        /** Whether the target generates the key, so that only a row's content can tell which target row it is. */
        public boolean generatedKey() {
            return keyColumns.isEmpty();
        }

        /** Where the key is among {@link #columns()} (0 when there is no key column). */
        public int keyIndex() {
            return keyColumns.isEmpty() ? 0 : Math.max(0, indexOf(keyColumns.get(0)));
        }

        /** Where each key column is among {@link #columns()}. */
        public int[] keyIndexes() {
            return keyColumns.stream().mapToInt(this::indexOf).toArray();
        }

        private int indexOf(String column) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(column)) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * The new key of a row's values as reports name it and lookups match it: the key column's
         * value (lower-case, as UUIDs compare), or the {@link KeyTuples tuple} of a composite key.
         */
        public String keyOf(String[] values) {
            int[] k = keyIndexes();
            if (k.length == 1) {
                return values[k[0]] == null ? null : ContentTally.lower(values[k[0]]);
            }
            String[] parts = new String[k.length];
            for (int i = 0; i < k.length; i++) {
                parts[i] = values[k[i]];
            }
            return k.length == 0 ? "(generated)" : KeyTuples.encode(parts);
        }

        /** SQL giving the key column of the target row {@code alias} as the text of its ID map entry. */
        public String keyText(Dialect d, String alias) {
            return d.hashing().keyText(columns.get(keyIndex()), alias + d.quote(keyColumn()));
        }
    }

    /**
     * A plan reference: target column {@code column} holds a key of {@code parentTable.parentKey},
     * whether or not the target declares a foreign key for it. {@code sameType}: both columns have
     * one type, so they compare as they are (by index); otherwise as text.
     */
    public record ParentLink(String column, String parentEntity, TableRef parentTable, String parentKey, boolean sameType) {
    }

    /**
     * A tenant taken from the parent row: {@code child.column} must equal {@code parent.parentColumn}
     * for the parent row that {@code child.via} points at.
     */
    public record TenantLink(String column, String via, TableRef parent, String parentKey, String parentColumn) {
    }

    /** The table of the tenants that own an entity's rows: {@code column} of the entity's table holds their {@code key}. */
    public record TenantOwner(String column, TableRef tenants, String key) {
    }

    /** One expected target row; {@code rejected} holds the mapping error when the plan itself refuses the row. */
    public record Row(String legacyKey, String newKey, String[] values, String rejected) {
    }

    private final Database source;
    /** Whether the source database hashes text as UTF-8; asked once. */
    private Boolean sourceUtf8;
    private final List<EntityJob> jobs;

    private ExpectedRows(Database source, List<EntityJob> jobs) {
        this.source = source;
        this.jobs = jobs;
    }

    /**
     * Checks the plan against both databases, naming what no longer matches. Each stream and count
     * opens its own source connection, so entities can be verified in parallel.
     */
    public static ExpectedRows open(TransferPlan plan, Database source, Database target, Transforms transforms) {
        try (Connection src = source.connect("ferry verify (plan)"); Connection tgt = target.connect("ferry verify (plan)")) {
            return new ExpectedRows(source, PlanChecker.compile(plan, transforms, src, source.dialect(), tgt, target.dialect()));
        } catch (SQLException e) {
            throw FerryException.sql("Checking the plan against the databases", e);
        }
    }

    public List<Entity> entities() {
        // A second pass fills a column of its entity's rows; the entity's own comparison covers it.
        return jobs.stream().filter(j -> !j.secondPass()).map(j -> new Entity(j.name(), j.target(), j.targetColumns(), j.plan().keyTargets(),
                j.plan().mode() == EntityMode.INSERT,
                j.plan().idMap(), j.query().count(), tenantLink(j), j.integerKey(), j.plan().expect(), parentLinks(j),
                tenantOwner(j))).toList();
    }

    /** The references whose parent entity inserts rows under a key the target can be searched by. */
    private List<ParentLink> parentLinks(EntityJob job) {
        List<ParentLink> out = new ArrayList<>();
        for (ReferencePlan r : job.plan().references()) {
            jobs.stream().filter(j -> j.name().equals(r.entity()) && j.plan().mode() == EntityMode.INSERT && j.plan().keyTarget() != null)
                    .findFirst().ifPresent(p -> out.add(new ParentLink(r.target(), p.name(), p.target(), p.plan().keyTarget(),
                            type(job, r.target()).equals(type(p, p.plan().keyTarget())))));
        }
        return out;
    }

    /** Whose rows the entity's are: its tenant entity's table, when the tenant comes from one. */
    private TenantOwner tenantOwner(EntityJob job) {
        TenantPlan t = job.plan().tenant();
        if (t == null || t.entity() == null) {
            return null;
        }
        return jobs.stream().filter(j -> j.name().equals(t.entity()) && j.plan().mode() == EntityMode.INSERT && j.plan().keyTarget() != null)
                .findFirst().map(p -> new TenantOwner(t.column(), p.target(), p.plan().keyTarget())).orElse(null);
    }

    private TenantLink tenantLink(EntityJob job) {
        TenantPlan t = job.plan().tenant();
        if (t == null || !t.fromParent() || t.entity() == null) {
            return null;
        }
        ReferencePlan via = job.plan().references().stream().filter(r -> r.target().equals(t.via())).findFirst().orElse(null);
        EntityJob parent = via == null ? null : jobs.stream().filter(j -> j.name().equals(via.entity())).findFirst().orElse(null);
        if (parent == null || parent.plan().keyTarget() == null) {
            return null;
        }
        // The parent's own column pointing at the tenant entity (its reference, or its tenant column).
        String parentColumn = parent.plan().references().stream().filter(r -> r.entity().equals(t.entity())).map(ReferencePlan::target)
                .findFirst().orElse(parent.plan().tenant() != null ? parent.plan().tenant().column() : null);
        return parentColumn == null ? null : new TenantLink(t.column(), t.via(), parent.target(), parent.plan().keyTarget(), parentColumn);
    }

    private static String type(EntityJob job, String column) {
        return job.targetColumns().stream().filter(c -> c.name().equalsIgnoreCase(column)).map(ColumnInfo::dataType).findFirst().orElse("");
    }

    public long count(String sql) throws SQLException {
        try (Connection c = source.connect("ferry verify (source)"); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Streams the entity's expected rows in batches; the consumer sees each batch once. */
    public void stream(String entity, int batchSize, BatchConsumer consumer) throws SQLException {
        EntityJob job = job(entity);
        try (Connection c = source.connect("ferry verify (source " + entity + ")")) {
            c.setReadOnly(true);
            stream(c, job, batchSize, null, consumer);
        }
    }

    /** Streams the expected rows of an integer-keyed entity whose legacy keys lie in {@code [from, to]}. */
    public void stream(String entity, long from, long to, int batchSize, BatchConsumer consumer) throws SQLException {
        try (Connection c = source.connect("ferry verify (source " + entity + ")")) {
            c.setReadOnly(true);
            stream(c, job(entity), batchSize, new long[] {from - 1, to}, consumer);
        }
    }

    /**
     * The expected rows of an integer-keyed entity whose legacy keys lie in {@code [from, to]}; at
     * most {@code to - from + 1} rows, so a bounded range is a bounded list.
     */
    public List<Row> range(String entity, long from, long to) throws SQLException {
        List<Row> out = new ArrayList<>();
        int size = (int) Math.min(Integer.MAX_VALUE - 1, to - from + 1);
        stream(entity, from, to, size, out::addAll);
        return out;
    }

    /** The smallest and largest legacy key the plan selects, or {@code null} when it selects none. */
    public long[] keyBounds(String entity) throws SQLException {
        try (Connection c = source.connect("ferry verify (source " + entity + ")");
             PreparedStatement ps = c.prepareStatement(job(entity).query().keyBounds()); ResultSet rs = ps.executeQuery()) {
            rs.next();
            long min = rs.getLong(1);
            return rs.wasNull() ? null : new long[] {min, rs.getLong(2)};
        }
    }

    private EntityJob job(String entity) {
        return jobs.stream().filter(j -> j.name().equals(entity)).findFirst().orElseThrow();
    }

    /** @param bounds for integer keys: read only keys above {@code bounds[0]} and at most {@code bounds[1]} */
    private static void stream(Connection source, EntityJob job, int batchSize, long[] bounds, BatchConsumer consumer) throws SQLException {
        String last = bounds == null ? null : Long.toString(bounds[0]);
        int cols = job.query().selected().size();
        while (true) {
            List<Row> rows = new ArrayList<>(batchSize);
            try (PreparedStatement ps = source.prepareStatement(job.query().batch(last != null, bounds != null))) {
                int p = 1;
                if (last != null) {
                    p = job.query().bindKey(ps, p, last, job.integerKey());
                }
                if (bounds != null) {
                    ps.setLong(p++, bounds[1]);
                }
                ps.setInt(p, batchSize);
                try (ResultSet rs = ps.executeQuery()) {
                    TextRow text = TextRow.of(rs);
                    while (rs.next()) {
                        String[] src = text.read(rs, cols);
                        String key = job.mapper().legacyKey(src);
                        last = key;
                        try {
                            String[] values = job.mapper().map(src);
                            // The key column comes first when there is one: no need to derive it twice.
                            rows.add(new Row(key, job.plan().keyStrategy() == KeyStrategy.GENERATED ? null
                                    : job.plan().compositeKey() ? job.mapper().newKey(key) : values[0], values, null));
                        } catch (RowMapper.RowRejected r) {
                            rows.add(new Row(key, job.mapper().newKey(key), null, r.getMessage()));
                        }
                    }
                }
            }
            if (rows.isEmpty()) {
                return;
            }
            consumer.accept(rows);
            if (rows.size() < batchSize) {
                return;
            }
        }
    }

    /**
     * Whether the source database can hash this entity's expected rows itself ({@link #sourceRowHashes}):
     * both databases are of one kind and every column mapping has an SQL equivalent.
     */
    public boolean hashesInSource(String entity, Dialect target) {
        return SourceHashSql.build(job(entity), source.dialect(), target, null, false) != null && sourceHashesUtf8();
    }

    private synchronized boolean sourceHashesUtf8() {
        if (sourceUtf8 == null) {
            try (Connection c = source.connect("ferry verify (source)")) {
                sourceUtf8 = source.dialect().hashing().hashesUtf8(c);
            } catch (SQLException e) {
                throw FerryException.sql("Reading the source's encoding", e);
            }
        }
        return sourceUtf8;
    }

    /**
     * Streams, for each expected row with a legacy key in {@code [from, to]} (except {@code excluded}
     * keys), its row hash in {@code target}'s canonical forms. The source database computes the terms
     * of the columns it can; Ferry adds the terms of the keys it derives and mixes in the row's key
     * ({@link RowHash}). With {@code sums}, the
     * consumer also receives those columns' expected values (others null).
     */
    public void sourceRowHashes(String entity, Dialect target, long from, long to, Set<String> excluded, boolean[] sums,
                                RowHashConsumer consumer) throws SQLException {
        EntityJob job = job(entity);
        SourceHashSql query = SourceHashSql.build(job, source.dialect(), target, sums, !excluded.isEmpty());
        if (query == null) {
            throw new IllegalStateException(entity + " cannot be hashed in the source database");
        }
        List<ColumnInfo> columns = job.targetColumns();
        int[] derived = query.derivedColumns();
        int[] derivedFrom = query.derivedSources();
        int[] summed = query.sumColumns();
        CanonicalForm[] forms = new CanonicalForm[derived.length];
        for (int i = 0; i < derived.length; i++) {
            forms[i] = target.hashing().canonicalForm(columns.get(derived[i]));
        }
        DerivedKeyTerms terms = DerivedKeyTerms.appliesTo(forms) ? new DerivedKeyTerms(job.mapper().origins(), derived, 3, target) : null;
        String[] src = new String[job.query().selected().size()];
        String[] values = sums == null ? null : new String[columns.size()];
        RowHash hash = new RowHash(target.hashing().columnHash());
        try (Connection c = source.connect("ferry verify (source " + entity + ")")) {
            c.setReadOnly(true);
            c.setAutoCommit(false); // lets the PostgreSQL driver stream with a cursor
            try (PreparedStatement ps = c.prepareStatement(query.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(10_000);
                bindRange(c, ps, from, to, excluded);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long key = rs.getLong(1);
                        long h = rs.getLong(2);
                        if (terms != null) {
                            h += terms.sum(rs);
                        } else {
                            for (int i = 0; i < derived.length; i++) {
                                src[derivedFrom[i]] = rs.getString(3 + i);
                            }
                            for (int i = 0; i < derived.length; i++) {
                                String text = forms[i].render(columns.get(derived[i]), job.mapper().value(derived[i], src));
                                h += hash.column(derived[i], text);
                            }
                        }
                        h = hash.mix(key, h);
                        if (values != null) {
                            for (int i = 0; i < summed.length; i++) {
                                values[summed[i]] = rs.getString(3 + derived.length + i);
                            }
                        }
                        consumer.row(key, h, values);
                    }
                }
            } catch (RowMapper.RowRejected e) {
                throw new IllegalStateException("a derived key cannot be rejected", e);
            } finally {
                c.rollback();
            }
        }
    }

    /**
     * The count and hash sum of each key segment of {@code size} keys in {@code [from, to]}, summed
     * by the source database itself, when Ferry has nothing to add to its rows (no derived keys);
     * {@code null} otherwise, and {@link #sourceRowHashes} streams the rows instead.
     */
    public Map<Long, long[]> sourceSegmentHashes(String entity, Dialect target, long from, long to, long size, Set<String> excluded)
            throws SQLException {
        SourceHashSql query = SourceHashSql.build(job(entity), source.dialect(), target, null, !excluded.isEmpty());
        String sql = query == null ? null : query.segmentSql(size);
        if (sql == null) {
            return null;
        }
        try (Connection c = source.connect("ferry verify (source " + entity + ")")) {
            c.setReadOnly(true);
            c.setAutoCommit(false); // the transaction is only read; closing the connection ends it
            source.dialect().hashing().expectFewGroups(c);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindRange(c, ps, from, to, excluded);
                try (ResultSet rs = ps.executeQuery()) {
                    return RowHash.readSegmentSums(rs);
                }
            }
        }
    }

    /** Binds the parameters of a {@link SourceHashSql} query: the key range, then the keys to leave out. */
    private static void bindRange(Connection c, PreparedStatement ps, long from, long to, Set<String> excluded) throws SQLException {
        ps.setLong(1, from);
        ps.setLong(2, to);
        if (!excluded.isEmpty()) {
            ps.setArray(3, c.createArrayOf("text", excluded.toArray()));
        }
    }

    /** Receives one row hash computed with the source database. */
    @FunctionalInterface
    public interface RowHashConsumer {
        void row(long legacyKey, long hash, String[] sumValues);
    }

    /** Receives batches of expected rows. */
    @FunctionalInterface
    public interface BatchConsumer {
        void accept(List<Row> rows) throws SQLException;
    }

    @Override
    public void close() {
        // Connections are opened and closed per call; nothing stays open.
    }
}
