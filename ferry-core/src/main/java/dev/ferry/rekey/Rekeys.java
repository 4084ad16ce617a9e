package dev.ferry.rekey;

import dev.ferry.FerryException;
import dev.ferry.db.Catalogs;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.run.RunJournal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Re-keying a live database in place: its integer keys become the same name-based UUIDs a
 * transfer would give, while the application keeps running. {@link #analyze} changes nothing,
 * {@link #expand} only adds; {@link #status} reads where each table stands.
 */
public final class Rekeys {
    private final RekeyPlan plan;
    private final Supplier<Database> database;
    private final Path stateDir;

    public Rekeys(RekeyPlan plan, Supplier<Database> database, Path stateDir) {
        this.plan = plan;
        this.database = database;
        this.stateDir = stateDir;
    }

    public RekeyPlan plan() {
        return plan;
    }

    /** Phase 1: what depends on each key, how big and busy each table is, the locks ahead, and what must be resolved first. */
    public RekeyAnalysis analyze() {
        Database db = database.get();
        try (Connection c = db.connect("ferry rekey analyze")) {
            return new RekeyAnalyzer(db.dialect()).analyze(c, plan, db.displayUrl());
        } catch (SQLException e) {
            throw FerryException.sql("Analysing the keys of " + db.displayUrl(), e);
        }
    }

    /**
     * Phase 2: adds the UUID columns and sync triggers, backfills, builds unique indexes and UUID
     * foreign keys. Refused (exit 3) while the analysis finds something that blocks expand.
     */
    public ExpandResult expand(ExpandOptions options) {
        RekeyPlan paced = plan.paced(options.batch(), options.rate());
        Dialect d = database.get().dialect();
        RekeyAnalysis analysis = analyze();
        if (!analysis.clearFor("expand")) {
            throw blocked("expand", analysis);
        }
        return phase("expand", paced, options.dryRun(), (c, model, journal) ->
                new Expander(c, d, paced, journal).expand(model, journal == null ? null : journal.runId()));
    }

    /**
     * Phase 3: verifies every key, then makes each UUID the primary key and the UUID foreign keys
     * the enforced ones; the integer columns stay, nullable and deprecated. Refused (exit 5) unless
     * every table is expanded, and (exit 3) when verification or the analysis finds a problem.
     */
    public SwitchResult switchKeys(boolean dryRun) {
        RekeyAnalysis analysis = analyze();
        if (!analysis.clearFor("switch")) {
            throw blocked("switch", analysis);
        }
        Dialect d = database.get().dialect();
        return phase("switch", plan, dryRun, (c, model, journal) -> new Switcher(c, d, plan, journal).switchKeys(model,
                journal == null ? null : journal.runId()));
    }

    /** Undoes expand and switch: the database's keys, constraints and comments as before expand, Ferry's additions gone. */
    public AbortResult abort(boolean dryRun) {
        Dialect d = database.get().dialect();
        return phase("abort", plan, dryRun, (c, model, journal) -> new Aborter(c, d, plan, journal).abort(model,
                journal == null ? null : journal.runId()));
    }

    /**
     * The compatibility layer: {@code <schema>_v1} (old shape, integer keys) and {@code <schema>_v2}
     * (new shape, UUID keys under the old names), one updatable view per table. Needs expand done.
     */
    public CompatResult compat(boolean dryRun) {
        Dialect d = database.get().dialect();
        return phase("compat", plan, dryRun, (c, model, journal) -> {
            for (RekeyModel.Keyed t : model.tables()) {
                if (!Catalogs.columns(c, t.ref()).stream().anyMatch(col -> col.name().equals(t.plan().keyUuid()))) {
                    throw new FerryException(dev.ferry.ErrorCode.REFUSED_FOR_SAFETY, t.ref() + " has no " + t.plan().keyUuid()
                            + " yet; run 'ferry rekey expand' before 'ferry compat create'");
                }
            }
            CompatViews views = new CompatViews(d);
            DdlRunner ddl = new DdlRunner(c, d, plan.lockTimeout(), plan.retries(), journal);
            ddl.runTogether(views.create(c, model), () -> { });
            return new CompatResult(journal == null ? null : journal.runId(), List.of(CompatViews.schema(model.schema(), CompatViews.V1),
                    CompatViews.schema(model.schema(), CompatViews.V2)), model.tables().size() * 2, ddl.statements());
        });
    }

    /**
     * A connection URL for clients of one shape ({@code v1} or {@code v2}): unqualified names find
     * that version's views first. Passwords are never part of it.
     */
    public String compatUrl(String version) {
        if (!version.equals(CompatViews.V1) && !version.equals(CompatViews.V2)) {
            throw FerryException.invalidInput("--version is v1 (integer keys) or v2 (UUID keys), not '" + version + "'");
        }
        Database db = database.get();
        try (Connection c = db.connect("ferry compat url")) {
            String schema = db.dialect().currentSchema(c);
            return db.dialect().rekey().urlWithSchema(db.displayUrl(), CompatViews.schema(schema, version), schema);
        } catch (SQLException e) {
            throw FerryException.sql("Reading the schema of " + db.displayUrl(), e);
        }
    }

    /** The work of one phase on an open connection; {@code journal} is {@code null} in a dry run. */
    @FunctionalInterface
    private interface Phase<T> {
        T run(Connection c, RekeyModel model, RunJournal journal) throws SQLException;
    }

    /** Runs a phase journaled (run id, events, report), or in a dry run without any record. */
    private <T> T phase(String name, RekeyPlan paced, boolean dryRun, Phase<T> work) {
        Database db = database.get();
        Dialect d = db.dialect();
        if (dryRun) {
            try (Connection c = db.connect("ferry rekey " + name + " --dry-run")) {
                return work.run(c, RekeyModel.read(c, d, paced), null);
            } catch (SQLException e) {
                throw FerryException.sql("Planning rekey " + name + " on " + db.displayUrl(), e);
            }
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("database", db.displayUrl());
        context.put("plan", plan.file().toString());
        context.put("batch", paced.batch());
        context.put("rate", paced.rate());
        return RunJournal.run(stateDir, "rekey-" + name, context, journal -> {
            try (Connection c = db.connect("ferry rekey " + name)) {
                T result = work.run(c, RekeyModel.read(c, d, paced), journal);
                journal.report(result);
                return result;
            } catch (SQLException e) {
                throw FerryException.sql("rekey " + name + " on " + db.displayUrl(), e,
                        "What was committed stays; run 'ferry rekey " + name + "' again to resume");
            }
        });
    }

    private static FerryException blocked(String phase, RekeyAnalysis analysis) {
        List<String> order = List.of("expand", "switch", "contract");
        List<String> lines = new ArrayList<>();
        analysis.blockers().stream().filter(b -> order.indexOf(b.blocks()) <= order.indexOf(phase))
                .forEach(b -> lines.add(b.object() + ": " + b.problem() + "; " + b.action()));
        return new FerryException(dev.ferry.ErrorCode.VALIDATION_FAILED, "rekey " + phase + " cannot start: " + String.join(". ", lines));
    }

    /** The phase of every planned table and its backfill progress. */
    public RekeyStatus status() {
        Database db = database.get();
        Dialect d = db.dialect();
        try (Connection c = db.connect("ferry rekey status")) {
            String schema = d.currentSchema(c);
            RekeyState state = new RekeyState(d, schema);
            boolean exists = state.exists(c, schema);
            List<RekeyStatus.TableStatus> out = new ArrayList<>();
            for (RekeyTable t : plan.tables()) {
                Optional<RekeyState.Row> row = exists ? state.find(c, t.table()) : Optional.empty();
                out.add(row.map(r -> new RekeyStatus.TableStatus(t.table(), t.key(), r.phase(), r.backfillDoneTo(), r.backfillUpto(),
                        r.backfillRows(), r.runId())).orElse(new RekeyStatus.TableStatus(t.table(), t.key(), "not started", null, null, 0, null)));
            }
            return new RekeyStatus(out);
        } catch (SQLException e) {
            throw FerryException.sql("Reading the rekey state of " + db.displayUrl(), e);
        }
    }
}
