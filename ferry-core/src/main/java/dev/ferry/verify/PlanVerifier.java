package dev.ferry.verify;

import dev.ferry.FerryException;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Catalogs;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.TextRow;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Proves a transfer kept every row: counts and the ID map at {@code BASIC}; at {@code STANDARD}
 * the expected content of every target row, computed from the source through the plan, compared
 * column by column with the target, reporting missing, changed and extra rows by key.
 */
final class PlanVerifier {
    private static final int BATCH = 1000;
    private static final String EVERY_ROW_MAPPED = "every target row has its legacy key in ferry_id_map";

    private final ExpectedRows expected;
    private final Database target;
    private final Path diffFile;
    private final String runId;
    private final OrphanCounts orphanCounts;
    /** Whether the target hashes text as Ferry does (UTF-8); otherwise content is compared row by row. */
    private volatile boolean hashable;

    public PlanVerifier(ExpectedRows expected, Database target) {
        this(expected, target, null);
    }

    /** @param diffFile where {@code FORENSIC} writes every difference (CSV); {@code null} for no file */
    public PlanVerifier(ExpectedRows expected, Database target, Path diffFile) {
        this(expected, target, diffFile, null);
    }

    /**
     * @param runId the transfer run whose rejected rows account for rows the target lacks;
     *              {@code null} for the rows every run rejected
     */
    public PlanVerifier(ExpectedRows expected, Database target, Path diffFile, String runId) {
        this(expected, target, diffFile, runId, new OrphanCounts());
    }

    /** @param orphanCounts shared with the integrity check running beside, so a reference it also checks is counted once */
    PlanVerifier(ExpectedRows expected, Database target, Path diffFile, String runId, OrphanCounts orphanCounts) {
        this.expected = expected;
        this.target = target;
        this.diffFile = diffFile;
        this.runId = runId;
        this.orphanCounts = orphanCounts;
    }

    /** Verifies the entities in parallel (one per core at a time) and returns the findings in plan order. */
    public List<Finding> verify(VerifyLevel level, List<String> only) {
        Dialect d = target.dialect();
        List<Finding> out = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try (Connection c = target.connect("ferry verify"); DiffLog diffs = new DiffLog(level == VerifyLevel.FORENSIC ? diffFile : null)) {
            String schema = d.currentSchema(c);
            boolean state = d.tableExists(c, schema, "ferry_id_map");
            this.hashable = d.hashing().hashesUtf8(c);
            List<ExpectedRows.Entity> selected = expected.entities().stream().filter(e -> only.isEmpty() || only.contains(e.name())).toList();
            // The largest tables start first, so the longest comparisons overlap instead of running last and alone.
            Map<String, Long> sizes = new HashMap<>();
            for (ExpectedRows.Entity e : selected) {
                sizes.put(e.name(), d.estimatedRows(c, e.target()));
            }
            Map<String, Future<List<Finding>>> tasks = new HashMap<>();
            selected.stream().sorted((a, b) -> Long.compare(sizes.get(b.name()), sizes.get(a.name())))
                    .forEach(e -> tasks.put(e.name(), pool.submit(() -> verifyEntity(e, level, state, diffs))));
            for (ExpectedRows.Entity e : selected) {
                out.addAll(tasks.get(e.name()).get());
            }
            if (level.atLeast(VerifyLevel.STANDARD)) {
                out.add(state ? deferredRestored(c, d) : Finding.notRun("constraints restored", schema, Severity.ERROR, "no transfer state in the target"));
            }
        } catch (SQLException e) {
            throw FerryException.sql("Verifying " + target.displayUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException(dev.ferry.ErrorCode.FAILURE, "Verification interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FerryException fe) {
                throw fe;
            }
            if (e.getCause() instanceof SQLException sql) {
                throw FerryException.sql("Verifying " + target.displayUrl(), sql);
            }
            throw new FerryException(dev.ferry.ErrorCode.FAILURE, "Verification failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private List<Finding> verifyEntity(ExpectedRows.Entity e, VerifyLevel level, boolean state, DiffLog diffs) throws SQLException {
        Dialect d = target.dialect();
        List<Finding> out = new ArrayList<>();
        try (Connection c = target.connect("ferry verify " + e.name())) {
            Set<String> rejected = rejectedKeys(c, d, e.name(), runId);
            long targetRows = Catalogs.count(c, "SELECT COUNT(*) FROM " + e.target().quoted(d));
            out.add(completeness(e, targetRows, rejected.size()));
            List<Finding> content = List.of();
            ContentTally tally = new ContentTally(e, level.atLeast(VerifyLevel.RIGOROUS), diffs);
            if (level.atLeast(VerifyLevel.STANDARD) && e.insert()) {
                content = content(c, d, e, targetRows, rejected, level, tally);
            }
            if (e.idMap()) {
                // Segment hashing already joined every target row to the ID map: when all of them
                // were found, the separate anti-join would only read both tables again.
                out.add(!state ? Finding.notRun("id map", e.name(), Severity.ERROR, "ferry_id_map does not exist in the target")
                        : tally.mappedTargetRows == targetRows ? Finding.passed("id map", e.name(), Severity.ERROR, EVERY_ROW_MAPPED)
                        : idMap(c, d, e));
            }
            out.addAll(content);
            if (level.atLeast(VerifyLevel.STANDARD)) {
                out.addAll(PlanReferences.orphans(c, d, e, orphanCounts));
            }
            if (level.atLeast(VerifyLevel.RIGOROUS) && e.tenant() != null) {
                out.add(tenant(c, d, e));
            }
            if (level.atLeast(VerifyLevel.RIGOROUS) && e.owner() != null) {
                out.addAll(new TenantDistribution(c, d).check(e.target(), e.owner().column(), e.owner().tenants(), e.owner().key()));
            }
            if (level.atLeast(VerifyLevel.RIGOROUS)) {
                presence(c, d, e, "index", e.expect().indexes(), out);
                presence(c, d, e, "constraint", e.expect().constraints(), out);
                presence(c, d, e, "policy", e.expect().policies(), out);
                rowSecurity(c, d, e, out);
            }
        }
        return out;
    }

    /** The plan's {@code expect:} objects exist on the target table. */
    private static void presence(Connection c, Dialect d, ExpectedRows.Entity e, String kind, List<String> names, List<Finding> out)
            throws SQLException {
        if (names.isEmpty()) {
            return;
        }
        String plural = switch (kind) {
            case "index" -> "indexes";
            case "policy" -> "policies";
            default -> kind + "s";
        };
        String subject = e.target() + " " + plural;
        List<String> existing;
        try {
            existing = d.objectNames(c, e.target(), kind);
        } catch (SQLException x) {
            out.add(Finding.notRun(kind, subject, Severity.ERROR, "cannot read the catalog: " + x.getMessage().strip().split("\n")[0]));
            return;
        }
        if (existing == null) {
            out.add(Finding.notRun(kind, subject, Severity.ERROR, d.name() + " has no " + (kind.equals("policy") ? "row-level security policies" : plural)));
            return;
        }
        List<String> absent = names.stream().filter(n -> !existing.contains(n)).toList();
        out.add(absent.isEmpty() ? Finding.passed(kind, subject, Severity.ERROR, "present: " + String.join(", ", names))
                : Finding.failed(kind, subject, Severity.ERROR, absent.size(), absent, "missing on " + e.target() + ": " + String.join(", ", absent)));
    }

    /**
     * Declared policies filter nothing while row-level security is off on their table (and nothing
     * for the table's owner unless it is forced): a policy that exists but does not apply fails.
     */
    private static void rowSecurity(Connection c, Dialect d, ExpectedRows.Entity e, List<Finding> out) throws SQLException {
        if (e.expect().policies().isEmpty() && !e.expect().forceRowSecurity()) {
            return;
        }
        String subject = e.target() + " row level security";
        dev.ferry.db.IntegritySql.RowSecurity rls = d.integrity().rowSecurity(c, e.target());
        if (rls == null) {
            out.add(Finding.notRun("row level security", subject, Severity.ERROR, d.name() + " has no row-level security"));
            return;
        }
        String table = e.target().quoted(d);
        if (!rls.enabled()) {
            out.add(Finding.failed("row level security", subject, Severity.ERROR, 1, List.of(), "row-level security is disabled on "
                    + e.target() + ", so its policies filter nothing; enable it with 'ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY'"
                    + (e.expect().forceRowSecurity() ? " and 'ALTER TABLE " + table + " FORCE ROW LEVEL SECURITY'" : "")));
        } else if (e.expect().forceRowSecurity() && !rls.forced()) {
            out.add(Finding.failed("row level security", subject, Severity.ERROR, 1, List.of(), "row-level security is enabled on "
                    + e.target() + " but not forced, so the table's owner bypasses its policies; force it with 'ALTER TABLE " + table
                    + " FORCE ROW LEVEL SECURITY'"));
        } else {
            out.add(Finding.passed("row level security", subject, Severity.ERROR, "enabled" + (rls.forced() ? " and forced" : "")
                    + " on " + e.target()));
        }
    }

    private Finding completeness(ExpectedRows.Entity e, long rows, long rejects) throws SQLException {
        long source = expected.count(e.sourceCountSql());
        if (!e.insert()) {
            return Finding.passed("completeness", e.name(), Severity.ERROR, "update entity: " + source + " source rows, " + rows + " target rows");
        }
        if (source == rows + rejects) {
            return Finding.passed("completeness", e.name(), Severity.ERROR, source + " source rows = " + rows + " target rows + " + rejects + " rejected");
        }
        long diff = source - rows - rejects;
        return Finding.failed("completeness", e.name(), Severity.ERROR, Math.abs(diff), List.of(), source + " source rows, but " + rows
                + " target rows + " + rejects + " rejected: " + Math.abs(diff) + (diff > 0 ? " missing" : " too many") + " (run verify --level standard for the keys)");
    }

    private Finding idMap(Connection c, Dialect d, ExpectedRows.Entity e) throws SQLException {
        String map = d.quote("ferry_id_map");
        String unmapped = "SELECT " + e.keyText(d, "t.") + " FROM " + e.target().quoted(d) + " t WHERE NOT EXISTS "
                + "(SELECT 1 FROM " + map + " m WHERE m.entity = ? AND m.new_key = " + e.keyText(d, "t.") + ")";
        List<String> sample = new ArrayList<>();
        long n;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (" + unmapped + ") u")) {
            ps.setString(1, e.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                n = rs.getLong(1);
            }
        }
        if (n == 0) {
            return Finding.passed("id map", e.name(), Severity.ERROR, EVERY_ROW_MAPPED);
        }
        try (PreparedStatement ps = c.prepareStatement(unmapped)) {
            ps.setString(1, e.name());
            ps.setMaxRows(5);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sample.add(rs.getString(1));
                }
            }
        }
        return Finding.failed("id map", e.name(), Severity.ERROR, n, sample, n + " target row(s) have no entry in ferry_id_map");
    }

    /**
     * Compares content: by segment hashes when the ID map gives every target row its integer legacy
     * key (only differing segments are read row by row), otherwise, and always at forensic level,
     * every row column by column.
     */
    private List<Finding> content(Connection c, Dialect d, ExpectedRows.Entity e, long targetCount, Set<String> rejected, VerifyLevel level,
                                  ContentTally tally)
            throws SQLException {
        long unlocated = 0;
        if (e.generatedKey() && !new ContentLookup(c, d, e).usable()) {
            return List.of(Finding.notRun("content", e.name(), Severity.ERROR, "the target generates the key and no column can be "
                    + "matched by value (only JSON, binary, floating-point or spatial columns); give the entity a key of its own, or a composite key"));
        }
        if (level != VerifyLevel.FORENSIC && hashable && e.idMap() && e.integerKey()) {
            unlocated = new SegmentComparison(expected, target, e, rejected).compare(c, tally);
        } else {
            compareEveryRow(c, d, e, rejected, tally);
        }
        long unaccounted = targetCount - tally.matched - tally.changed - tally.extra;
        List<String> sample = tally.sample();
        if (unlocated == 0 && unaccounted > 0) {
            tally.extra += unaccounted;
            sample.add("extra: " + unaccounted + " target row(s) that no source row maps to");
        }
        long bad = tally.missing + tally.changed + tally.extra;
        List<Finding> out = new ArrayList<>();
        if (unlocated > 0) {
            out.add(Finding.failed("content", e.name(), Severity.ERROR, bad + unlocated, sample, "more than "
                    + SegmentComparison.MAX_SEGMENTS_TO_LOCATE + " key segments differ; in the first "
                    + SegmentComparison.MAX_SEGMENTS_TO_LOCATE + ": " + tally.missing + " missing, " + tally.changed + " changed, "
                    + tally.extra + " extra; " + unlocated + " more segment(s) differ (run --level forensic for every row)"));
        } else {
            out.add(bad == 0 ? Finding.passed("content", e.name(), Severity.ERROR, tally.matched
                    + " rows equal what the plan makes of their source rows (" + tally.method() + ")")
                    : Finding.failed("content", e.name(), Severity.ERROR, bad, sample, tally.missing + " missing, " + tally.changed + " changed, "
                    + tally.extra + " extra (of " + (tally.missing + tally.changed + tally.matched) + " expected; " + tally.method() + ")"));
        }
        BigDecimal[] totals = tally.totals();
        List<ColumnInfo> cols = e.columns();
        for (int i = 0; i < totals.length; i++) {
            if (totals[i] == null) {
                continue;
            }
            String col = cols.get(i).name();
            BigDecimal actualSum;
            try (PreparedStatement ps = c.prepareStatement("SELECT SUM(" + d.quote(col) + ") FROM " + e.target().quoted(d));
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                actualSum = rs.getBigDecimal(1) == null ? BigDecimal.ZERO : rs.getBigDecimal(1);
            }
            String subject = e.name() + "." + col;
            out.add(actualSum.compareTo(totals[i]) == 0
                    ? Finding.passed("sum", subject, Severity.ERROR, "sum " + actualSum.toPlainString() + " equals the expected sum exactly")
                    : Finding.failed("sum", subject, Severity.ERROR, 1, List.of(), "expected sum " + totals[i].toPlainString() + ", target holds "
                    + actualSum.toPlainString() + " (difference " + actualSum.subtract(totals[i]).toPlainString() + ")"));
        }
        return out;
    }

    /**
     * Reads every target row and compares it with its expected row: by key (one column, or every
     * column of a composite key), or by content when the target generated the key.
     */
    private void compareEveryRow(Connection c, Dialect d, ExpectedRows.Entity e, Set<String> rejected, ContentTally tally) throws SQLException {
        int k = e.keyIndex();
        // With integer legacy keys and an ID map, the target is read once, in the source's key order,
        // and merged with it; otherwise each batch looks its rows up by key.
        try (TargetRows targetRows = e.idMap() && e.integerKey() ? new MergedTargetRows(c, d, e, k)
                : e.generatedKey() ? new ContentLookup(c, d, e) : new TargetLookup(c, d, e)) {
            expected.stream(e.name(), BATCH, rows -> {
                List<ExpectedRows.Row> wanted = rows.stream().filter(r -> r.values() != null && !rejected.contains(r.legacyKey())).toList();
                if (wanted.isEmpty()) {
                    return;
                }
                Map<String, String[]> actual = targetRows.fetch(wanted);
                for (ExpectedRows.Row r : wanted) {
                    tally.sum(r.values());
                    tally.compare(r, actual.get(e.generatedKey() ? r.legacyKey() : e.keyOf(r.values())));
                }
            });
        }
    }

    /**
     * Where the actual target rows of a batch of expected rows come from; keyed by
     * {@link ExpectedRows.Entity#keyOf} (by legacy key when the target generated the key).
     */
    interface TargetRows extends AutoCloseable {
        Map<String, String[]> fetch(List<ExpectedRows.Row> wanted) throws SQLException;

        @Override
        void close() throws SQLException;
    }

    /** The target columns to read; a UUID stored as BINARY(16) is read as its text, as Ferry's rows hold it. */
    static String selectList(Dialect d, List<ColumnInfo> cols, String alias) {
        return cols.stream().map(ci -> ci.isUuidBinary() ? d.hashing().keyText(ci, alias + d.quote(ci.name())) : alias + d.quote(ci.name()))
                .collect(Collectors.joining(", "));
    }

    /** Streams the target joined to the ID map in legacy-key order, once, advancing with the source batches. */
    private static final class MergedTargetRows implements TargetRows {
        private final Connection connection;
        private final PreparedStatement ps;
        private final ResultSet rs;
        private final TextRow text;
        private final int key;
        private final int width;
        private long pendingLegacy;
        private String[] pending;
        private boolean exhausted;

        MergedTargetRows(Connection c, Dialect d, ExpectedRows.Entity e, int key) throws SQLException {
            this.connection = c;
            this.key = key;
            this.width = e.columns().size();
            c.setAutoCommit(false); // lets the PostgreSQL driver stream with a cursor
            String sql = "SELECT m.legacy_key, " + selectList(d, e.columns(), "t.") + " FROM " + d.quote("ferry_id_map") + " m JOIN "
                    + e.target().quoted(d) + " t ON " + e.keyText(d, "t.") + " = m.new_key WHERE m.entity = ? ORDER BY "
                    + d.hashing().integerCast("m.legacy_key");
            this.ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(BATCH);
            ps.setString(1, e.name());
            this.rs = ps.executeQuery();
            this.text = TextRow.of(rs);
        }

        @Override
        public Map<String, String[]> fetch(List<ExpectedRows.Row> wanted) throws SQLException {
            long upTo = Long.MIN_VALUE;
            for (ExpectedRows.Row r : wanted) {
                upTo = Math.max(upTo, Long.parseLong(r.legacyKey()));
            }
            Map<String, String[]> actual = new HashMap<>();
            while (true) {
                if (pending == null && !advance()) {
                    return actual;
                }
                if (pendingLegacy > upTo) {
                    return actual;
                }
                actual.put(pending[key].toLowerCase(java.util.Locale.ROOT), pending);
                pending = null;
            }
        }

        private boolean advance() throws SQLException {
            if (exhausted || !rs.next()) {
                exhausted = true;
                return false;
            }
            pendingLegacy = Long.parseLong(rs.getString(1));
            pending = new String[width];
            for (int i = 0; i < width; i++) {
                pending[i] = text.get(rs, i + 2);
            }
            return true;
        }

        @Override
        public void close() throws SQLException {
            rs.close();
            ps.close();
            connection.commit();
            connection.setAutoCommit(true);
        }
    }

    private Finding tenant(Connection c, Dialect d, ExpectedRows.Entity e) throws SQLException {
        ExpectedRows.TenantLink t = e.tenant();
        String subject = e.name() + "." + t.column() + " = " + t.parent().table() + "." + t.parentColumn();
        String from = " FROM " + e.target().quoted(d) + " ch JOIN " + t.parent().quoted(d) + " pa ON pa." + d.quote(t.parentKey()) + " = ch."
                + d.quote(t.via()) + " WHERE NOT (ch." + d.quote(t.column()) + " = pa." + d.quote(t.parentColumn()) + ")";
        long n = Catalogs.count(c, "SELECT COUNT(*)" + from);
        if (n == 0) {
            return Finding.passed("tenant", subject, Severity.ERROR, "every row is in its parent's tenant");
        }
        List<String> sample = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + e.keyText(d, "ch.") + from)) {
            ps.setMaxRows(5);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sample.add(rs.getString(1));
                }
            }
        }
        return Finding.failed("tenant", subject, Severity.ERROR, n, sample, n + " row(s) belong to another tenant than their " + t.parent().table());
    }

    /** Indexes and foreign keys a load dropped and no run rebuilt: the target lacks them, whatever its rows say. */
    private Finding deferredRestored(Connection c, Dialect d) throws SQLException {
        List<String> missing = new ArrayList<>();
        String runs = "";
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, name, table_name, run_id FROM " + d.quote("ferry_transfer_deferred")
                + " WHERE restored = ? ORDER BY run_id, table_name, name")) {
            ps.setBoolean(1, false);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    missing.add(rs.getString(1).replace('_', ' ') + " " + rs.getString(2) + " on " + rs.getString(3) + " (run " + rs.getString(4) + ")");
                    runs = rs.getString(4);
                }
            }
        }
        return missing.isEmpty() ? Finding.passed("constraints restored", "ferry_transfer_deferred", Severity.ERROR,
                "every index and foreign key dropped for a load is back")
                : Finding.failed("constraints restored", "ferry_transfer_deferred", Severity.ERROR, missing.size(), missing.stream().limit(5).toList(),
                missing.size() + " index(es) or foreign key(s) dropped for a load were never rebuilt: " + String.join(", ", missing)
                + "; rebuild them with 'ferry transfer run --resume " + runs + "' (fix the rows that violate them first)");
    }

    /** Legacy keys of the entity's rejected rows: the target is not expected to hold them. */
    static Set<String> rejectedKeys(Connection c, Dialect d, String entity) throws SQLException {
        return rejectedKeys(c, d, entity, null);
    }

    /** The same, only those one run rejected when {@code runId} is given. */
    static Set<String> rejectedKeys(Connection c, Dialect d, String entity, String runId) throws SQLException {
        Set<String> keys = new HashSet<>();
        if (!d.tableExists(c, d.currentSchema(c), "ferry_rejects")) {
            return keys;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT legacy_key FROM " + d.quote("ferry_rejects") + " WHERE entity = ?"
                + (runId == null ? "" : " AND run_id = ?"))) {
            ps.setString(1, entity);
            if (runId != null) {
                ps.setString(2, runId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        }
        return keys;
    }

}
