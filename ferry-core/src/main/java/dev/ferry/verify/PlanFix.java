package dev.ferry.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.FerryException;
import dev.ferry.db.BulkWriter;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.run.RunJournal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Repairs a transferred target through its plan, reversibly: a tenant that differs from its
 * parent's is backfilled from the parent, then every missing row is copied again from the source
 * and every changed row is set back to what the plan makes of its source row. Each change is
 * recorded in {@code ferry_fixes} with the values it replaced, one transaction per entity.
 */
final class PlanFix {
    private static final int BATCH = 1000;
    /** Keeps nulls: a value that was NULL before a fix must be NULL again after its undo. */
    private static final ObjectMapper BEFORE = new ObjectMapper();

    private final ExpectedRows expected;
    private final Database target;
    /** Parent keys this fix admits ({@code table|key}), so a dry run counts their children too. */
    private final Set<String> admitted = new java.util.HashSet<>();

    public PlanFix(ExpectedRows expected, Database target) {
        this.expected = expected;
        this.target = target;
    }

    public FixResult fix(List<String> only, boolean dryRun) {
        Dialect d = target.dialect();
        String fixRun = dryRun ? null : RunJournal.newRunId();
        List<FixResult.Action> actions = new ArrayList<>();
        try (Connection c = target.connect("ferry verify --fix")) {
            if (!dryRun) {
                FixLog.create(c, d);
            }
            int seq = 0;
            for (ExpectedRows.Entity e : expected.entities()) {
                if ((!only.isEmpty() && !only.contains(e.name())) || !e.insert() || e.generatedKey()) {
                    continue;
                }
                c.setAutoCommit(dryRun);
                try (FixLog log = dryRun ? null : new FixLog(c, d, fixRun, seq)) {
                    if (e.tenant() != null && e.keyColumns().size() == 1) {
                        addIfAny(actions, backfillTenant(c, d, e, log));
                    }
                    List<FixResult.Action> resync = resync(c, d, e, log);
                    resync.forEach(a -> addIfAny(actions, a));
                    if (log != null) {
                        log.flush();
                        seq = log.seq();
                        c.commit();
                    }
                } catch (SQLException | RuntimeException x) {
                    if (!dryRun) {
                        c.rollback();
                    }
                    throw x;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException x) {
            throw FerryException.sql("Fixing " + target.displayUrl(), x);
        }
        return new FixResult(fixRun, dryRun, actions);
    }

    private static void addIfAny(List<FixResult.Action> actions, FixResult.Action a) {
        if (a != null && !a.keys().isEmpty()) {
            actions.add(a);
        }
    }

    private FixResult.Action backfillTenant(Connection c, Dialect d, ExpectedRows.Entity e, FixLog log) throws SQLException {
        ExpectedRows.TenantLink t = e.tenant();
        String sql = "SELECT " + d.textCast("ch." + d.quote(e.keyColumn())) + ", " + d.textCast("ch." + d.quote(t.column())) + ", "
                + d.textCast("pa." + d.quote(t.parentColumn())) + " FROM " + e.target().quoted(d) + " ch JOIN " + t.parent().quoted(d)
                + " pa ON pa." + d.quote(t.parentKey()) + " = ch." + d.quote(t.via()) + " WHERE ch." + d.quote(t.column()) + " IS NULL OR NOT (ch."
                + d.quote(t.column()) + " = pa." + d.quote(t.parentColumn()) + ")";
        List<String[]> wrong = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                wrong.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        String reason = e.name() + "." + t.column() + " set to its " + t.parent().table() + "'s " + t.parentColumn();
        if (log != null && !wrong.isEmpty()) {
            try (PreparedStatement up = c.prepareStatement("UPDATE " + e.target().quoted(d) + " SET " + d.quote(t.column()) + " = ? WHERE "
                    + d.quote(e.keyColumn()) + " = ?")) {
                for (String[] w : wrong) {
                    d.bindText(up, 1, w[2]);
                    d.bindText(up, 2, w[0]);
                    up.addBatch();
                    Map<String, String> before = new LinkedHashMap<>();
                    before.put(t.column(), w[1]);
                    log.add(FixLog.TENANT, e.target().toString(), w[0], null, json(before), reason);
                }
                up.executeBatch();
            }
        }
        return new FixResult.Action("backfill tenant", e.target().toString(), reason, wrong.stream().map(w -> w[0]).toList(), null);
    }

    private List<FixResult.Action> resync(Connection c, Dialect d, ExpectedRows.Entity e, FixLog log) throws SQLException {
        List<ColumnInfo> cols = e.columns();
        int key = e.keyIndex();
        Set<String> rejected = PlanVerifier.rejectedKeys(c, d, e.name());
        List<String> missing = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> readmitted = new ArrayList<>();
        BulkWriter writer = log == null ? null : d.bulkWriter(c, e.target(), cols);
        TargetLookup lookup = new TargetLookup(c, d, e);
        Readmission readmission = new Readmission(c, d, e, writer, log, admitted);
        expected.stream(e.name(), BATCH, rows -> {
            for (ExpectedRows.Row r : rows) {
                if (r.values() != null && rejected.contains(r.legacyKey()) && readmission.admit(r)) {
                    readmitted.add(r.values()[key]);
                }
            }
            List<ExpectedRows.Row> wanted = rows.stream().filter(r -> r.values() != null && !rejected.contains(r.legacyKey())).toList();
            if (wanted.isEmpty()) {
                return;
            }
            Map<String, String[]> actual = lookup.fetch(wanted);
            List<String[]> toInsert = new ArrayList<>();
            for (ExpectedRows.Row r : wanted) {
                // As the target spells it (one column), or the tuple of a composite key, as undo finds the row again.
                String newKey = e.keyColumns().size() == 1 ? r.values()[key] : e.keyOf(r.values());
                String[] got = actual.get(e.keyOf(r.values()));
                if (got == null) {
                    missing.add(newKey);
                    toInsert.add(r.values());
                    if (log != null) {
                        log.add(FixLog.INSERTED, e.target().toString(), newKey, null, null, "copied again from source row " + r.legacyKey());
                    }
                    continue;
                }
                Map<String, String> before = new LinkedHashMap<>();
                List<Integer> differing = new ArrayList<>();
                for (int i = 0; i < cols.size(); i++) {
                    if (!ValueComparator.same(cols.get(i), r.values()[i], got[i])) {
                        before.put(cols.get(i).name(), got[i]);
                        differing.add(i);
                    }
                }
                if (differing.isEmpty()) {
                    continue;
                }
                changed.add(newKey);
                if (log != null) {
                    update(c, d, e, cols, differing, r.values(), newKey);
                    log.add(FixLog.UPDATED, e.target().toString(), newKey, null, json(before),
                            "set back to what the plan makes of source row " + r.legacyKey());
                }
            }
            if (writer != null && !toInsert.isEmpty()) {
                writer.write(toInsert);
            }
        });
        String table = e.target().toString();
        return List.of(new FixResult.Action("admit rows rejected before", table,
                        "rejected by a transfer run; their source rows now map and their parents are in the target", readmitted, null),
                new FixResult.Action("copy missing rows again", table, "rows the plan expects but the target lacks", missing, null),
                new FixResult.Action("restore changed rows", table, "rows whose values differ from what the plan makes of the source", changed, null));
    }

    private static void update(Connection c, Dialect d, ExpectedRows.Entity e, List<ColumnInfo> cols, List<Integer> differing, String[] values,
                               String key) throws SQLException {
        RowKeys keys = new RowKeys(d, e.keyColumns());
        String sql = "UPDATE " + e.target().quoted(d) + " SET " + String.join(", ", differing.stream().map(i -> d.quote(cols.get(i).name()) + " = ?").toList())
                + " WHERE " + keys.where();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            for (int i : differing) {
                d.bindText(ps, p++, values[i]);
            }
            keys.bind(ps, p, key);
            ps.executeUpdate();
        }
    }

    private static String json(Map<String, String> values) {
        try {
            return BEFORE.writeValueAsString(values);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }
}
