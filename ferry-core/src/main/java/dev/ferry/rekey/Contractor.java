package dev.ferry.rekey;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.backup.ArchiveFile;
import dev.ferry.db.Dialect;
import dev.ferry.db.RekeySql;
import dev.ferry.db.RekeyViewSql;
import dev.ferry.db.TableRef;
import dev.ferry.run.RunJournal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Phase 4, final cleanup, behind four gates: every table switched, no v1 client within the quiet
 * period, a whole-environment backup taken after the switch, and a clean verification. Then, in one
 * transaction, the legacy keys go into {@code ferry_id_map} and the v1 views, sync triggers and
 * integer columns go; statistics are refreshed and the foreign-key joins' plans compared.
 */
final class Contractor {
    private final Connection c;
    private final Dialect dialect;
    private final RekeySql sql;
    private final RekeyPlan plan;
    private final RunJournal journal;

    Contractor(Connection c, Dialect dialect, RekeyPlan plan, RunJournal journal) {
        this.c = c;
        this.dialect = dialect;
        this.sql = dialect.rekey();
        this.plan = plan;
        this.journal = journal;
    }

    ContractResult contract(RekeyModel model, ContractOptions options, List<ArchiveFile> backups, boolean protectedEnvironment, String runId)
            throws SQLException {
        RekeyState state = new RekeyState(dialect, model.schema());
        List<String> pending = new ArrayList<>();
        for (RekeyModel.Keyed t : model.tables()) {
            String phase = state.phaseOf(c, model.schema(), t.plan().table());
            if (!phase.equals("switched") && !phase.equals("contracted")) {
                throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, t.ref() + " is '" + phase + "', not switched; run 'ferry rekey switch' "
                        + "before 'ferry rekey contract'");
            }
            if (phase.equals("switched")) {
                pending.add(t.plan().table());
            }
        }
        if (pending.isEmpty()) {
            return new ContractResult(runId, journal == null, true, List.of(), 0, List.of());
        }
        if (protectedEnvironment && !options.confirmed()) {
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "This environment is protected and contract drops the integer columns for good; "
                    + "run 'ferry rekey contract --confirm' to go ahead");
        }
        refuseWhileV1IsUsed(model, options);
        refuseWithoutBackup(model, backups);
        List<KeyCheck> bad = new KeyVerifier(c, dialect).verify(model).stream().filter(k -> !k.clean()).toList();
        if (!bad.isEmpty()) {
            throw new FerryException(ErrorCode.VALIDATION_FAILED, "Verification before contract found " + bad.stream().mapToLong(KeyCheck::mismatches).sum()
                    + " UUID(s) that are not their integer's: " + KeyVerifier.describe(bad)
                    + "; nothing was dropped. Fix those rows (their integer form is the truth until contract), then run contract again");
        }
        List<double[]> before = new ArrayList<>();
        List<String> joinNames = new ArrayList<>();
        for (RekeyModel.Keyed t : model.tables()) {
            for (RekeyModel.Reference r : t.references()) {
                joinNames.add(t.ref().table() + "." + r.column() + " -> " + r.parentRef().table());
                before.add(new double[] {sql.joinCost(c, t.ref(), r.column(), r.parentRef(), r.parent().key())});
            }
        }
        DdlRunner ddl = new DdlRunner(c, dialect, plan.lockTimeout(), plan.retries(), journal);
        List<RekeyState.Saved> saved = dialect.tableExists(c, model.schema(), "ferry_rekey_saved") ? state.saved(c) : List.of();
        ddl.runTogether(statements(model, saved), () -> {
            for (String table : pending) {
                state.phase(c, table, "contracted", runId);
            }
        });
        long idMapRows = 0;
        List<ContractResult.JoinPlan> joins = new ArrayList<>();
        if (!ddl.dryRun()) {
            for (RekeyModel.Keyed t : model.tables()) {
                ddl.run(sql.analyze(t.ref()));
            }
            idMapRows = count(new TableRef(model.schema(), "ferry_id_map"));
        }
        int i = 0;
        for (RekeyModel.Keyed t : model.tables()) {
            for (RekeyModel.Reference r : t.references()) {
                Double after = ddl.dryRun() ? null : sql.joinCost(c, t.ref(), r.uuidColumn(), r.parentRef(), r.parent().keyUuid());
                joins.add(new ContractResult.JoinPlan(joinNames.get(i), before.get(i)[0], after));
                i++;
            }
        }
        if (journal != null) {
            journal.event("contracted", Map.of("tables", pending.size(), "id_map_rows", idMapRows, "joins", joins.size()));
        }
        return new ContractResult(runId, ddl.dryRun(), false, ddl.statements(), idMapRows, joins);
    }

    private void refuseWhileV1IsUsed(RekeyModel model, ContractOptions options) throws SQLException {
        CompatUsage usage = new CompatUsage(dialect, model.schema());
        // Taken before the sample, so that a client connected right now is recent however short the quiet period.
        Instant since = CompatUsage.now(c).minus(options.quietFor());
        usage.sample(c);
        List<CompatClient> recent = usage.clients(c).stream()
                .filter(u -> u.version().equals(CompatViews.V1) && !u.lastSeen().isBefore(since)).toList();
        if (!recent.isEmpty()) {
            CompatClient last = recent.get(0);
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, recent.size() + " client(s) used v1 within " + options.quietFor().toString()
                    .substring(2).toLowerCase() + ", e.g. " + last.describe() + ", last seen " + last.lastSeen()
                    + "; move them to 'ferry compat url --version v2', check with 'ferry compat report', or pass a shorter --quiet-for");
        }
    }

    private void refuseWithoutBackup(RekeyModel model, List<ArchiveFile> backups) throws SQLException {
        Instant switchedAt = switchedAt(new TableRef(model.schema(), "ferry_rekey"));
        boolean covered = backups.stream().anyMatch(b -> b.wholeEnvironment() && !b.takenAt().isBefore(switchedAt.truncatedTo(ChronoUnit.SECONDS)));
        if (!covered) {
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "No backup of the whole environment was taken after the switch (" + switchedAt
                    + "); contract cannot be undone, so take one with 'ferry backup' first");
        }
    }

    private Instant switchedAt(TableRef stateTable) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT max(COALESCE(switched_at, updated_at)) FROM "
                + stateTable.quoted(dialect) + " WHERE phase = 'switched'")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    /** The one transaction of contract; every statement may run again (IF EXISTS, ON CONFLICT). */
    private List<String> statements(RekeyModel model, List<RekeyState.Saved> saved) throws SQLException {
        TableRef idMap = new TableRef(model.schema(), "ferry_id_map");
        List<String> out = new ArrayList<>();
        out.add(sql.idMapTable(model.schema()));
        for (RekeyModel.Keyed t : model.tables()) {
            out.add(sql.fillIdMap(idMap, t.ref(), t.plan().entity(), t.plan().key(), t.plan().keyUuid()));
        }
        out.addAll(viewsReplacedByTwins(model, saved));
        for (RekeyModel.Keyed t : model.tables()) {
            out.add(sql.dropView(new TableRef(CompatViews.schema(model.schema(), CompatViews.V1), t.plan().table())));
        }
        out.add(sql.dropSchemaIfEmpty(CompatViews.schema(model.schema(), CompatViews.V1)));
        for (RekeyModel.Keyed t : model.tables()) {
            out.addAll(sql.dropSyncTrigger(t.ref()));
            out.add(sql.randomUuidDefault(t.ref(), t.plan().keyUuid()));
            for (RekeyModel.Reference r : t.references()) {
                out.add(sql.dropColumn(t.ref(), r.column()));
            }
            out.add(sql.dropColumn(t.ref(), t.plan().key()));
        }
        out.add("DROP TABLE IF EXISTS " + new TableRef(model.schema(), "ferry_rekey_saved").quoted(dialect));
        return out;
    }

    /**
     * Each view the switch gave a twin is dropped (users of a view first) and created again under its
     * own name with the twin's query, with its grants, comment and indexes, before the integer columns go.
     */
    private List<String> viewsReplacedByTwins(RekeyModel model, List<RekeyState.Saved> saved) throws SQLException {
        List<RekeyState.Saved> twins = new ArrayList<>();
        for (RekeyState.Saved s : saved.stream().filter(x -> x.kind().equals(ViewTwins.TWIN)).sorted(Comparator.comparing(RekeyState.Saved::name)).toList()) {
            // A view dropped since the switch stays dropped.
            if (exists(ViewTwins.fromSaved(model.schema(), s.name(), s.definition()).ref())) {
                twins.add(s);
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = twins.size() - 1; i >= 0; i--) {
            RekeyViewSql.DependentView v = ViewTwins.fromSaved(model.schema(), twins.get(i).name(), twins.get(i).definition());
            out.add(sql.views().dropView(v.ref(), v.materialized()));
        }
        for (RekeyState.Saved twin : twins) {
            RekeyViewSql.DependentView v = ViewTwins.fromSaved(model.schema(), twin.name(), twin.definition());
            out.add(sql.views().createView(v.ref(), v.materialized(), v.definition(), true));
            saved.stream().filter(s -> s.kind().equals(ViewTwins.EXTRA) && s.name().startsWith(twin.name() + " "))
                    .sorted(Comparator.comparing(RekeyState.Saved::name)).forEach(s -> out.add(s.definition()));
        }
        return out;
    }

    /** Whether a view (plain or materialized) or table of this name exists. */
    private boolean exists(TableRef relation) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, relation.schema(), relation.table(), null)) {
            while (rs.next()) { // the names are patterns, where _ matches any character
                if (rs.getString("TABLE_SCHEM").equals(relation.schema()) && rs.getString("TABLE_NAME").equals(relation.table())) {
                    return true;
                }
            }
            return false;
        }
    }

    private long count(TableRef table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table.quoted(dialect)); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
