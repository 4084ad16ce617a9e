package dev.ferry.rekey;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.Dialect;
import dev.ferry.db.RekeySql;
import dev.ferry.db.RekeyViewSql;
import dev.ferry.db.TableRef;
import dev.ferry.run.RunJournal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Undoes expand and switch in one transaction: the integer primary keys, foreign keys, NOT NULLs
 * and comments come back from what the switch saved, and everything Ferry added (UUID columns,
 * their indexes and constraints, triggers, the key function, its own tables) goes.
 */
final class Aborter {
    private final Connection c;
    private final Dialect dialect;
    private final RekeySql sql;
    private final RekeyPlan plan;
    private final RunJournal journal;

    Aborter(Connection c, Dialect dialect, RekeyPlan plan, RunJournal journal) {
        this.c = c;
        this.dialect = dialect;
        this.sql = dialect.rekey();
        this.plan = plan;
        this.journal = journal;
    }

    AbortResult abort(RekeyModel model, String runId) throws SQLException {
        RekeyState state = new RekeyState(dialect, model.schema());
        DdlRunner ddl = new DdlRunner(c, dialect, plan.lockTimeout(), plan.retries(), journal);
        if (!state.exists(c, model.schema())) {
            return new AbortResult(runId, ddl.dryRun(), List.of(), 0);
        }
        if (state.all(c).stream().anyMatch(r -> r.phase().equals("contracted"))) {
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "The integer keys were dropped by 'ferry rekey contract'; abort cannot bring "
                    + "them back. Restore the backup taken before contract, or translate legacy keys with ferry_id_map");
        }
        List<RekeyState.Saved> saved = dialect.tableExists(c, model.schema(), "ferry_rekey_saved") ? state.saved(c) : List.of();
        List<String> statements = new ArrayList<>();
        // The twins stand on the v2 views: they go first, users of a view before it.
        List<RekeyState.Saved> twins = saved.stream().filter(s -> s.kind().equals(ViewTwins.TWIN)).sorted((a, b) -> b.name().compareTo(a.name())).toList();
        for (RekeyState.Saved twin : twins) {
            RekeyViewSql.DependentView v = ViewTwins.fromSaved(model.schema(), twin.name(), twin.definition());
            statements.add(sql.views().dropView(ViewTwins.twinOf(model, v.ref()), v.materialized()));
        }
        statements.addAll(new CompatViews(dialect).drop(model));
        for (RekeyModel.Keyed t : model.tables()) {
            for (RekeyModel.Reference r : t.references()) {
                statements.add(sql.dropConstraint(t.ref(), RekeyNames.foreignKey(t.plan().table(), r.column())));
            }
        }
        for (RekeyModel.Keyed t : model.tables()) {
            String table = t.plan().table();
            for (RekeyState.Saved s : of(saved, table, "primary key")) {
                statements.addAll(sql.replacePrimaryKey(t.ref(), s.name(), RekeyNames.integerIndex(table, t.plan().key()), t.plan().key()));
            }
            for (RekeyState.Saved s : of(saved, table, "not null")) {
                statements.add(sql.setNotNull(t.ref(), s.name()));
            }
            for (RekeyState.Saved s : of(saved, table, "comment")) {
                statements.add(sql.commentOnColumn(t.ref(), s.name(), s.definition()));
            }
        }
        for (RekeyModel.Keyed t : model.tables()) {
            for (RekeyState.Saved s : of(saved, t.plan().table(), "foreign key")) {
                statements.add(sql.addConstraint(t.ref(), s.name(), s.definition()));
            }
        }
        for (RekeyModel.Keyed t : model.tables()) {
            statements.addAll(sql.dropSyncTrigger(t.ref()));
            statements.add(sql.dropConstraint(t.ref(), RekeyNames.notNullCheck(t.plan().table(), t.plan().key())));
            statements.add(sql.dropColumn(t.ref(), t.plan().keyUuid()));
            for (RekeyModel.Reference r : t.references()) {
                statements.add(sql.dropColumn(t.ref(), r.uuidColumn()));
            }
            // Built by a switch that did not get to commit: the integer key is unique through its primary key again.
            statements.add(sql.dropIndex(t.ref(), RekeyNames.integerIndex(t.plan().table(), t.plan().key())));
        }
        statements.addAll(sql.dropKeyFunction(model.schema(), saved.stream().anyMatch(s -> s.kind().equals("extension"))));
        statements.add("DROP TABLE IF EXISTS " + new TableRef(model.schema(), "ferry_rekey_saved").quoted(dialect));
        statements.add("DROP TABLE IF EXISTS " + new TableRef(model.schema(), "ferry_rekey").quoted(dialect));
        statements.add("DROP TABLE IF EXISTS " + new TableRef(model.schema(), LockLog.TABLE).quoted(dialect));
        statements.add("DROP TABLE IF EXISTS " + new TableRef(model.schema(), CompatUsage.TABLE).quoted(dialect));
        ddl.runTogether(statements, () -> { });
        return new AbortResult(runId, ddl.dryRun(), ddl.statements(), model.tables().size());
    }

    private static List<RekeyState.Saved> of(List<RekeyState.Saved> saved, String table, String kind) {
        return saved.stream().filter(s -> s.table().equals(table) && s.kind().equals(kind)).toList();
    }
}
