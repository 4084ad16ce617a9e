package dev.ferry.rekey;

import dev.ferry.FerryException;
import dev.ferry.backup.ArchiveFile;
import dev.ferry.db.Catalogs;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import dev.ferry.run.RunJournal;
import dev.ferry.snapshot.Snapshots;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
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
    private final Supplier<List<ArchiveFile>> backups;
    private final boolean protectedEnvironment;
    private final BeforeExpand.Taker beforeExpand;

    /** Without backups: {@link #contract} is refused until some exist, and so is a plan's {@code before_expand: backup}; see the other constructors. */
    public Rekeys(RekeyPlan plan, Supplier<Database> database, Path stateDir) {
        this(plan, database, stateDir, List::of, false);
    }

    /**
     * Snapshots before expand are taken here; a plan's {@code before_expand: backup} is refused (exit 2),
     * since backups need the project's settings (see the constructor with a {@link BeforeExpand.Taker}).
     *
     * @param backups the environment's backup archives, for contract's rule that one must be newer than the switch
     * @param protectedEnvironment whether contract needs {@link ContractOptions#confirmed()}
     */
    public Rekeys(RekeyPlan plan, Supplier<Database> database, Path stateDir, Supplier<List<ArchiveFile>> backups, boolean protectedEnvironment) {
        this(plan, database, stateDir, backups, protectedEnvironment, (kind, tables) -> {
            if (kind != BeforeExpand.SNAPSHOT) {
                throw FerryException.invalidInput("before_expand: " + kind.word() + " needs the project's backup settings; run it through "
                        + "'ferry rekey expand' (ferry.rekeys(plan) in Java), or use before_expand: snapshot");
            }
            return new Snapshots(database, stateDir, "this environment", protectedEnvironment).create(tables).snapshotId();
        });
    }

    /**
     * @param beforeExpand takes the snapshot or backup the plan's {@code before_expand} asks for
     */
    public Rekeys(RekeyPlan plan, Supplier<Database> database, Path stateDir, Supplier<List<ArchiveFile>> backups, boolean protectedEnvironment,
                  BeforeExpand.Taker beforeExpand) {
        this.plan = plan;
        this.database = database;
        this.stateDir = stateDir;
        this.backups = backups;
        this.protectedEnvironment = protectedEnvironment;
        this.beforeExpand = beforeExpand;
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
                new Expander(c, d, paced, journal, beforeExpand).expand(model, journal == null ? null : journal.runId()));
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
     * Phase 4, final cleanup: drops the integer key and foreign-key columns, the sync triggers and
     * the v1 views, keeping legacy keys in {@code ferry_id_map}; refreshes statistics and compares
     * the foreign-key joins' plans. Refused (exit 5) unless every table is switched, no v1 client was
     * seen within {@link ContractOptions#quietFor()}, a whole-environment backup is newer than the
     * switch, and (on a protected environment) it is confirmed; (exit 3) when verification fails.
     * Running it again after it finished changes nothing.
     */
    public ContractResult contract(ContractOptions options) {
        Dialect d = database.get().dialect();
        List<ArchiveFile> archives = backups.get();
        return phase("contract", plan, options.dryRun(), (c, model, journal) -> new Contractor(c, d, plan, journal).contract(model, options,
                archives, protectedEnvironment, journal == null ? null : journal.runId()));
    }

    /**
     * Samples the server's sessions every {@code interval} for {@code duration} (until interrupted when
     * {@code null}), recording each client of a compatibility version; {@code onSample} gets each
     * sample's clients as recorded.
     */
    public CompatWatchResult watch(Duration interval, Duration duration, Consumer<List<CompatClient>> onSample) {
        if (interval.isNegative() || interval.isZero()) {
            throw FerryException.invalidInput("--interval must be longer than 0, e.g. 5s");
        }
        Database db = database.get();
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("database", db.displayUrl());
        context.put("interval_ms", interval.toMillis());
        context.put("for_ms", duration == null ? null : duration.toMillis());
        return RunJournal.run(stateDir, "compat-watch", context, journal -> {
            try (Connection c = db.connect("ferry compat watch")) {
                CompatUsage usage = new CompatUsage(db.dialect(), db.dialect().currentSchema(c));
                long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
                Map<List<String>, CompatClient> seen = new LinkedHashMap<>();
                int samples = 0;
                while (true) {
                    List<CompatClient> now = usage.sample(c);
                    samples++;
                    for (CompatClient client : now) {
                        if (seen.put(List.of(client.version(), client.user(), client.application(), client.address()), client) == null) {
                            journal.event("client_seen", Map.of("version", client.version(), "user", client.user(),
                                    "application", client.application(), "address", client.address()));
                        }
                    }
                    onSample.accept(now);
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    DdlRunner.sleep(Duration.ofNanos(Math.min(left, interval.toNanos())));
                }
                CompatWatchResult result = new CompatWatchResult(journal.runId(), samples, List.copyOf(seen.values()));
                journal.report(result);
                return result;
            } catch (SQLException e) {
                throw FerryException.sql("Watching the compatibility clients of " + db.displayUrl(), e);
            }
        });
    }

    /**
     * Who still depends on the deprecated shape, after one more sample: every client seen, and each
     * v1 view and integer column with its last use and whether it is safe to remove (no v1 use within {@code quietFor}).
     */
    public CompatReport compatReport(Duration quietFor) {
        Database db = database.get();
        Dialect d = db.dialect();
        try (Connection c = db.connect("ferry compat report")) {
            RekeyModel model = RekeyModel.read(c, d, plan);
            CompatUsage usage = new CompatUsage(d, model.schema());
            Instant at = CompatUsage.now(c); // before the sample: a client connected now is never "quiet"
            usage.sample(c);
            List<CompatClient> clients = usage.clients(c);
            CompatClient lastV1 = clients.stream().filter(u -> u.version().equals(CompatViews.V1)).findFirst().orElse(null);
            boolean safe = lastV1 == null || (lastV1.lastSeen().isBefore(at.minus(quietFor)) && lastV1.lastSeen().isBefore(at));
            List<CompatReport.DeprecatedObject> objects = new ArrayList<>();
            for (RekeyModel.Keyed t : model.tables()) {
                TableRef view = new TableRef(CompatViews.schema(model.schema(), CompatViews.V1), t.plan().table());
                if (!Catalogs.columns(c, view).isEmpty()) {
                    objects.add(new CompatReport.DeprecatedObject(view.toString(), "v1 view", lastV1, safe));
                }
                Set<String> columns = new HashSet<>();
                Catalogs.columns(c, t.ref()).forEach(col -> columns.add(col.name()));
                if (columns.contains(t.plan().key()) && columns.contains(t.plan().keyUuid())) {
                    objects.add(new CompatReport.DeprecatedObject(t.ref() + "." + t.plan().key(), "integer key", lastV1, safe));
                }
                for (RekeyModel.Reference r : t.references()) {
                    if (columns.contains(r.column()) && columns.contains(r.uuidColumn())) {
                        objects.add(new CompatReport.DeprecatedObject(t.ref() + "." + r.column(), "integer foreign key", lastV1, safe));
                    }
                }
            }
            return new CompatReport(at, quietFor, clients, objects);
        } catch (SQLException e) {
            throw FerryException.sql("Reading the compatibility usage of " + db.displayUrl(), e);
        }
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
            return db.dialect().rekey().urlWithSchema(db.displayUrl(), CompatViews.schema(schema, version), schema,
                    CompatUsage.applicationName(version));
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
                RekeyModel model = RekeyModel.read(c, d, paced);
                recordClients(journal, new CompatUsage(d, model.schema()).sample(c));
                T result = work.run(c, model, journal);
                journal.report(result);
                return result;
            } catch (SQLException e) {
                throw FerryException.sql("rekey " + name + " on " + db.displayUrl(), e,
                        "What was committed stays; run 'ferry rekey " + name + "' again to resume");
            }
        });
    }

    private static void recordClients(RunJournal journal, List<CompatClient> clients) {
        for (CompatClient client : clients) {
            journal.event("compat_client", Map.of("version", client.version(), "user", client.user(), "application", client.application(),
                    "address", client.address()));
        }
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
            CompatUsage usage = new CompatUsage(d, schema);
            usage.sample(c);
            RekeyState state = new RekeyState(d, schema);
            boolean exists = state.exists(c, schema);
            List<RekeyStatus.TableStatus> out = new ArrayList<>();
            for (RekeyTable t : plan.tables()) {
                Optional<RekeyState.Row> row = exists ? state.find(c, t.table()) : Optional.empty();
                out.add(row.map(r -> new RekeyStatus.TableStatus(t.table(), t.key(), r.phase(), r.backfillDoneTo(), r.backfillUpto(),
                        r.backfillRows(), r.runId())).orElse(new RekeyStatus.TableStatus(t.table(), t.key(), "not started", null, null, 0, null)));
            }
            return new RekeyStatus(out, usage.clients(c), LockLog.recorded(c, d, schema), exists ? state.beforeExpand(c) : null);
        } catch (SQLException e) {
            throw FerryException.sql("Reading the rekey state of " + db.displayUrl(), e);
        }
    }
}
