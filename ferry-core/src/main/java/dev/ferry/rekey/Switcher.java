package dev.ferry.rekey;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Catalogs;
import dev.ferry.db.Dialect;
import dev.ferry.db.RekeySql;
import dev.ferry.db.RekeyViewSql;
import dev.ferry.db.TableRef;
import dev.ferry.run.RunJournal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Phase 3, controlled removal: after a clean verification, the UUID becomes the primary key (from
 * the unique index expand built, so no table is rewritten or scanned under the exclusive lock), the
 * UUID foreign keys become the only enforced ones, and the integer columns become nullable and
 * deprecated. What it replaces is saved first, so {@code abort} can put it back.
 */
final class Switcher {
    static final String DEPRECATED = "deprecated by ferry rekey: use %s; removed by 'ferry rekey contract'";

    private final Connection c;
    private final Dialect dialect;
    private final RekeySql sql;
    private final RekeyPlan plan;
    private final RunJournal journal;

    Switcher(Connection c, Dialect dialect, RekeyPlan plan, RunJournal journal) {
        this.c = c;
        this.dialect = dialect;
        this.sql = dialect.rekey();
        this.plan = plan;
        this.journal = journal;
    }

    SwitchResult switchKeys(RekeyModel model, String runId) throws SQLException {
        RekeyState state = new RekeyState(dialect, model.schema());
        for (RekeyModel.Keyed t : model.tables()) {
            String phase = state.phaseOf(c, model.schema(), t.plan().table());
            if (!phase.equals("expanded") && !phase.equals("switched")) {
                throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, t.ref() + " is '" + phase + "', not expanded; run 'ferry rekey expand' "
                        + "to the end first");
            }
        }
        List<KeyCheck> before = new KeyVerifier(c, dialect).verify(model);
        List<KeyCheck> bad = before.stream().filter(k -> !k.clean()).toList();
        if (!bad.isEmpty()) {
            throw new FerryException(ErrorCode.VALIDATION_FAILED, "Verification before the switch found " + bad.stream().mapToLong(KeyCheck::mismatches).sum()
                    + " UUID(s) that are not their integer's: " + KeyVerifier.describe(bad)
                    + "; nothing was switched. Set each named UUID to the expected one (ferry_key_uuid('<entity>', <integer>) computes it), then switch again");
        }
        DdlRunner ddl = new DdlRunner(c, dialect, plan.lockTimeout(), plan.retries(), journal);
        for (RekeyModel.Keyed t : model.tables()) {
            // The integer key stays unique for old clients once it is no longer the primary key.
            ddl.uniqueIndex(t.ref(), RekeyNames.integerIndex(t.plan().table(), t.plan().key()), t.plan().key());
        }
        List<TableRef> childrenFirst = new ArrayList<>(model.tables().stream().map(RekeyModel.Keyed::ref).toList());
        Collections.reverse(childrenFirst);
        List<String> statements = new ArrayList<>(sql.lockAll(childrenFirst));
        List<RekeyModel.Keyed> pending = new ArrayList<>();
        for (RekeyModel.Keyed t : model.tables()) {
            if (!state.find(c, t.plan().table()).orElseThrow().phase().equals("switched")) {
                pending.add(t);
                statements.addAll(dropIntegerForeignKeys(state, t, ddl.dryRun()));
            }
        }
        for (RekeyModel.Keyed t : pending) {
            statements.addAll(uuidPrimaryKey(state, t, ddl.dryRun()));
        }
        List<ViewTwins.Twin> twins = new ArrayList<>();
        Map<String, List<String>> extras = new LinkedHashMap<>();
        if (!pending.isEmpty()) {
            statements.addAll(twinStatements(model, twins, extras));
            ddl.runTogether(statements, () -> {
                for (RekeyModel.Keyed t : pending) {
                    state.phase(c, t.plan().table(), "switched", runId);
                }
                saveTwins(state, twins, extras);
            });
        }
        refreshMaterializedTwins(model, state, ddl, twins);
        List<KeyCheck> after = ddl.dryRun() ? before : new KeyVerifier(c, dialect).verify(model);
        if (journal != null) {
            journal.event("verified", Map.of("columns", after.size(), "mismatches", after.stream().mapToLong(KeyCheck::mismatches).sum()));
        }
        return new SwitchResult(runId, ddl.dryRun(), ddl.statements(), after, ddl.longestLocks(), outcomes(model, twins));
    }

    /**
     * The statements creating each view's twin that the server accepts (tried first, in a
     * transaction rolled back), with the compatibility views under them when missing; fills
     * {@code twins} with every view tried and {@code extras} with what each view has beside its query.
     */
    private List<String> twinStatements(RekeyModel model, List<ViewTwins.Twin> twins, Map<String, List<String>> extras) throws SQLException {
        List<String> compat = v2Missing(model) ? new CompatViews(dialect).create(c, model) : List.of();
        twins.addAll(new ViewTwins(c, dialect).plan(model, compat));
        List<String> out = new ArrayList<>();
        if (twins.stream().anyMatch(ViewTwins.Twin::ok)) {
            out.addAll(compat); // the twins stand on the v2 views
        }
        int i = 0;
        for (ViewTwins.Twin twin : twins) {
            i++;
            if (twin.ok()) {
                out.add(sql.views().createView(ViewTwins.twinOf(model, twin.view().ref()), twin.view().materialized(), twin.definition(), false));
                extras.put(ViewTwins.savedName(i, twin.view()), sql.views().carriedOver(c, twin.view()));
            }
        }
        return out;
    }

    private List<SwitchResult.ViewTwin> outcomes(RekeyModel model, List<ViewTwins.Twin> twins) {
        List<SwitchResult.ViewTwin> views = twins.stream().map(t -> new SwitchResult.ViewTwin(t.view().name(), t.view().kind(),
                t.ok() ? ViewTwins.twinOf(model, t.view().ref()).toString() : null, t.problem())).toList();
        if (journal != null) {
            for (SwitchResult.ViewTwin v : views) {
                journal.event("view_twin", v.twin() == null ? Map.of("view", v.view(), "problem", v.problem()) : Map.of("view", v.view(), "twin", v.twin()));
            }
        }
        return views;
    }

    /**
     * Fills the materialized twins after the switch committed, outside its locks; again on every
     * switch run, so one killed before this point still gets them filled. A dry run names them.
     */
    private void refreshMaterializedTwins(RekeyModel model, RekeyState state, DdlRunner ddl, List<ViewTwins.Twin> planned) throws SQLException {
        if (ddl.dryRun()) {
            planned.stream().filter(t -> t.ok() && t.view().materialized())
                    .forEach(t -> ddl.note(sql.views().refresh(ViewTwins.twinOf(model, t.view().ref()))));
            return;
        }
        if (!dialect.tableExists(c, model.schema(), "ferry_rekey_saved")) {
            return;
        }
        for (RekeyState.Saved s : state.saved(c)) {
            if (s.kind().equals(ViewTwins.TWIN)) {
                RekeyViewSql.DependentView v = ViewTwins.fromSaved(model.schema(), s.name(), s.definition());
                if (v.materialized()) {
                    ddl.run(sql.views().refresh(ViewTwins.twinOf(model, v.ref())));
                }
            }
        }
    }

    /** Whether the v2 view of some table is missing, so the switch creates the compatibility views for the twins to stand on. */
    private boolean v2Missing(RekeyModel model) throws SQLException {
        for (RekeyModel.Keyed t : model.tables()) {
            if (Catalogs.columns(c, new TableRef(CompatViews.schema(model.schema(), CompatViews.V2), t.plan().table())).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps each twin's definition (contract puts it in place of the view) and what the view has
     * beside its query, in the switch's transaction: a kill leaves either all of it or none.
     */
    private void saveTwins(RekeyState state, List<ViewTwins.Twin> twins, Map<String, List<String>> extras) throws SQLException {
        int i = 0;
        for (ViewTwins.Twin twin : twins) {
            i++;
            if (!twin.ok()) {
                continue;
            }
            String name = ViewTwins.savedName(i, twin.view());
            state.save(c, "", ViewTwins.TWIN, name, twin.definition());
            List<String> carried = extras.get(name);
            for (int k = 0; k < carried.size(); k++) {
                state.save(c, "", ViewTwins.EXTRA, name + " " + String.format("%03d", k), carried.get(k));
            }
        }
    }

    /** Records the integer foreign keys of a table and returns the statements that drop them. */
    private List<String> dropIntegerForeignKeys(RekeyState state, RekeyModel.Keyed t, boolean dryRun) throws SQLException {
        List<String> out = new ArrayList<>();
        for (RekeyModel.Reference r : t.references()) {
            String definition = r.constraint() == null ? null : sql.constraintDefinition(c, t.ref(), r.constraint());
            if (definition != null) {
                if (!dryRun) {
                    state.save(c, t.plan().table(), "foreign key", r.constraint(), definition);
                }
                out.add(sql.dropConstraint(t.ref(), r.constraint()));
            }
        }
        return out;
    }

    /**
     * Records the primary key, NOT NULLs and comments of a table and returns the statements making
     * the UUID its primary key and the integer columns nullable and deprecated. Records are kept
     * once: after a failed attempt they still describe the table as it was before any switch.
     */
    private List<String> uuidPrimaryKey(RekeyState state, RekeyModel.Keyed t, boolean dryRun) throws SQLException {
        List<String> out = new ArrayList<>();
        String table = t.plan().table();
        String pk = sql.primaryKeyName(c, t.ref());
        if (!dryRun) {
            state.save(c, table, "primary key", pk, sql.constraintDefinition(c, t.ref(), pk));
        }
        out.addAll(sql.replacePrimaryKey(t.ref(), pk, RekeyNames.uniqueIndex(table, t.plan().key()), t.plan().keyUuid()));
        List<ColumnInfo> columns = Catalogs.columns(c, t.ref());
        List<String> integers = new ArrayList<>(List.of(t.plan().key()));
        t.references().forEach(r -> integers.add(r.column()));
        for (String col : integers) {
            boolean notNull = columns.stream().anyMatch(ci -> ci.name().equals(col) && !ci.nullable());
            if (notNull) {
                if (!dryRun) {
                    state.save(c, table, "not null", col, null);
                }
                out.add(sql.dropNotNull(t.ref(), col));
            }
            if (!dryRun) {
                state.save(c, table, "comment", col, sql.columnComment(c, t.ref(), col));
            }
            out.add(sql.commentOnColumn(t.ref(), col, String.format(DEPRECATED, RekeyNames.uuidColumn(col))));
        }
        out.addAll(sql.syncTrigger(t.ref(), t.sync(true)));
        return out;
    }
}
