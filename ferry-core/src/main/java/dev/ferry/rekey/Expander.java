package dev.ferry.rekey;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.Dialect;
import dev.ferry.db.RekeySql;
import dev.ferry.db.TableRef;
import dev.ferry.run.RunJournal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Phase 2, additive only: UUID columns, the sync triggers, the backfill, unique indexes built
 * concurrently, NOT NULL checks and UUID foreign keys added NOT VALID and validated afterwards.
 * Every step first looks whether it is done, so a run killed anywhere resumes where it stopped.
 */
final class Expander {
    private final Connection c;
    private final Dialect dialect;
    private final RekeySql sql;
    private final RekeyPlan plan;
    private final RunJournal journal;
    private final BeforeExpand.Taker taker;

    Expander(Connection c, Dialect dialect, RekeyPlan plan, RunJournal journal, BeforeExpand.Taker taker) {
        this.c = c;
        this.dialect = dialect;
        this.sql = dialect.rekey();
        this.plan = plan;
        this.journal = journal;
        this.taker = taker;
    }

    ExpandResult expand(RekeyModel model, String runId) throws SQLException {
        DdlRunner ddl = new DdlRunner(c, dialect, plan.lockTimeout(), plan.retries(), journal);
        RekeyState state = new RekeyState(dialect, model.schema());
        ddl.run(state.create(model.schema()));
        ddl.run(sql.savedTable(model.schema()));
        String before = takeBeforeExpand(model, state, ddl);
        boolean extensionThere = sql.keyExtensionInstalled(c);
        for (String s : sql.keyFunction(c, model.schema())) {
            ddl.run(s);
        }
        if (!extensionThere && !ddl.dryRun()) {
            state.save(c, "", "extension", "key function", null);
        }
        boolean stateExists = state.exists(c, model.schema());
        for (RekeyModel.Keyed t : model.tables()) {
            if (stateExists && state.find(c, t.plan().table()).filter(r -> !r.phase().equals("backfill") && !r.phase().equals("expanded"))
                    .isPresent()) {
                throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, t.ref() + " is past expand already (see 'ferry rekey status')");
            }
            ddl.run(sql.addUuidColumn(t.ref(), t.plan().keyUuid()));
            for (RekeyModel.Reference r : t.references()) {
                ddl.run(sql.addUuidColumn(t.ref(), r.uuidColumn()));
            }
            for (String s : sql.syncTrigger(t.ref(), t.sync())) {
                ddl.run(s);
            }
            step(t, "columns_and_trigger");
        }
        List<ExpandResult.TableExpanded> done = new ArrayList<>();
        for (RekeyModel.Keyed t : model.tables()) {
            done.add(backfill(t, state, ddl, runId));
        }
        for (RekeyModel.Keyed t : model.tables()) {
            ddl.uniqueIndex(t.ref(), RekeyNames.uniqueIndex(t.plan().table(), t.plan().key()), t.plan().keyUuid());
            if (sql.notNullCheckAtExpand()) {
                validated(ddl, t.ref(), RekeyNames.notNullCheck(t.plan().table(), t.plan().key()),
                        sql.addNotNullCheckNotValid(t.ref(), RekeyNames.notNullCheck(t.plan().table(), t.plan().key()), t.plan().keyUuid()));
            }
            step(t, "unique_index");
        }
        for (RekeyModel.Keyed t : model.tables()) {
            for (RekeyModel.Reference r : t.references()) {
                String name = RekeyNames.foreignKey(t.plan().table(), r.column());
                validated(ddl, t.ref(), name, sql.addForeignKeyNotValid(t.ref(), name, r.uuidColumn(), r.parentRef(), r.parent().keyUuid()));
            }
            step(t, "uuid_foreign_keys");
            if (!ddl.dryRun()) {
                state.phase(c, t.plan().table(), "expanded", runId);
            }
        }
        return new ExpandResult(runId, ddl.dryRun(), ddl.statements(), done, ddl.lockRetries(), ddl.longestLocks(), before);
    }

    /**
     * The snapshot or backup the plan asks for, taken once, before the first change to a planned
     * table, and recorded with the state; a resumed expand finds the record and goes on. Returns
     * what was taken (now or by an earlier run), or {@code null} for none.
     */
    private String takeBeforeExpand(RekeyModel model, RekeyState state, DdlRunner ddl) throws SQLException {
        BeforeExpand kind = plan.beforeExpand();
        List<String> tables = model.tables().stream().map(t -> t.ref().toString()).toList();
        if (kind == BeforeExpand.NONE) {
            return null;
        }
        if (ddl.dryRun()) {
            ddl.note("-- before expand: a " + kind.word() + " of " + String.join(", ", tables) + " (unless an earlier expand took it)");
            return null;
        }
        String taken = state.beforeExpand(c);
        if (taken != null) {
            return taken;
        }
        if (!state.all(c).isEmpty()) {
            // An expand that began before this plan asked for a copy: the tables have changed already.
            journal.event("before_expand_skipped", Map.of("kind", kind.word(), "reason", "expand had begun without it"));
            return null;
        }
        String id = taker.take(kind, tables);
        String record = kind.word() + " " + id;
        state.save(c, "", RekeyState.BEFORE_EXPAND, kind.word(), record);
        journal.event("before_expand", Map.of("kind", kind.word(), "id", id, "tables", tables));
        return record;
    }

    private ExpandResult.TableExpanded backfill(RekeyModel.Keyed t, RekeyState state, DdlRunner ddl, String runId) throws SQLException {
        String name = t.plan().table();
        if (ddl.dryRun()) {
            ddl.note("-- backfill " + t.ref() + " in batches of " + plan.batch() + " keys (parameters: last key done, batch end), rows present now:");
            ddl.note(sql.backfillTransaction(plan.lockTimeout()));
            ddl.note(sql.backfillBatch(t.ref(), t.sync()));
            return new ExpandResult.TableExpanded(t.ref().toString(), 0, 0);
        }
        RekeyState.Row row = state.find(c, name).orElse(null);
        if (row == null) {
            // The rows present now are the backfill's; anything written from here on has its UUIDs from the trigger.
            state.start(c, name, t.plan().key(), maxKey(t), runId);
            row = state.find(c, name).orElseThrow();
        }
        if (!row.phase().equals("backfill")) {
            return new ExpandResult.TableExpanded(t.ref().toString(), 0, 0);
        }
        Backfill.Outcome o = new Backfill(c, dialect, state, plan, journal, ddl).run(t, row);
        return new ExpandResult.TableExpanded(t.ref().toString(), o.rows(), o.batches());
    }

    private long maxKey(RekeyModel.Keyed t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(max(" + dialect.quote(t.plan().key()) + "), 0) FROM " + t.ref().quoted(dialect));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Adds a constraint NOT VALID unless it exists, then validates it unless it is validated. */
    private void validated(DdlRunner ddl, TableRef table, String constraint, String addNotValid) throws SQLException {
        Boolean valid = sql.constraintValidated(c, table, constraint);
        if (valid == null) {
            ddl.run(addNotValid);
        }
        if (!Boolean.TRUE.equals(valid)) {
            ddl.run(sql.validateConstraint(table, constraint));
        }
    }

    private void step(RekeyModel.Keyed t, String step) {
        if (journal != null) {
            journal.event("step_done", Map.of("table", t.ref().toString(), "step", step));
        }
    }
}
