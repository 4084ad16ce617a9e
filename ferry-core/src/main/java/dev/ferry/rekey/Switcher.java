package dev.ferry.rekey;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.db.ColumnInfo;
import dev.ferry.db.Catalogs;
import dev.ferry.db.Dialect;
import dev.ferry.db.RekeySql;
import dev.ferry.run.RunJournal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
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
                    + " row(s) whose UUID is not their integer key's, e.g. " + bad.get(0).table() + ": " + bad.get(0).firstMismatch()
                    + "; nothing was switched. Run 'ferry rekey expand' again, which backfills them");
        }
        DdlRunner ddl = new DdlRunner(c, dialect, plan.lockTimeout(), plan.retries(), journal);
        for (RekeyModel.Keyed t : model.tables()) {
            // The integer key stays unique for old clients once it is no longer the primary key.
            ddl.run(sql.uniqueIndexConcurrently(t.ref(), RekeyNames.integerIndex(t.plan().table(), t.plan().key()), t.plan().key()));
        }
        List<String> statements = new ArrayList<>();
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
        if (!pending.isEmpty()) {
            ddl.runTogether(statements, () -> {
                for (RekeyModel.Keyed t : pending) {
                    state.phase(c, t.plan().table(), "switched", runId);
                }
            });
        }
        List<KeyCheck> after = ddl.dryRun() ? before : new KeyVerifier(c, dialect).verify(model);
        if (journal != null) {
            journal.event("verified", Map.of("columns", after.size(), "mismatches", after.stream().mapToLong(KeyCheck::mismatches).sum()));
        }
        return new SwitchResult(runId, ddl.dryRun(), ddl.statements(), after);
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
