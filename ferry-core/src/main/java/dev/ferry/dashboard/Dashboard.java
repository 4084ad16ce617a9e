package dev.ferry.dashboard;

import dev.ferry.FerryException;
import dev.ferry.backup.ArchiveSummary;
import dev.ferry.dashboard.DashboardViews.EntityView;
import dev.ferry.dashboard.DashboardViews.EnvironmentSummary;
import dev.ferry.dashboard.DashboardViews.RejectReason;
import dev.ferry.dashboard.DashboardViews.TransferRuns;
import dev.ferry.dashboard.DashboardViews.TransferView;
import dev.ferry.doctor.DoctorReport;
import dev.ferry.migration.MigrationInfo;
import dev.ferry.migration.StatusResult;
import dev.ferry.protection.AuditEntry;
import dev.ferry.protection.AuditQuery;
import dev.ferry.protection.SnapshotInfo;
import dev.ferry.run.Json;
import dev.ferry.schema.DriftResult;
import dev.ferry.snapshot.SnapshotRecord;
import dev.ferry.transfer.RejectedRow;
import dev.ferry.transfer.TransferOptions;
import dev.ferry.transfer.TransferStatus;
import dev.ferry.transfer.Transfers;
import dev.ferry.transfer.plan.EntityPlan;
import dev.ferry.verify.IntegrityOptions;
import dev.ferry.verify.VerifyResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Everything {@code ferry serve} shows, gathered on request from the capabilities of each
 * environment, the transfer plan's target and the run logs and reports under {@code .ferry/}.
 * Only the three actions change anything, and the server offers them only when told to.
 */
public final class Dashboard implements AutoCloseable {
    static final int REJECTS_SHOWN = 1000;
    static final int REJECT_SAMPLES = 5;
    static final int VERIFICATIONS_SHOWN = 50;

    private final String selected;
    private final List<String> environmentNames;
    private final Function<String, EnvironmentParts> environments;
    private final Supplier<Transfers> transfers;
    private final Path stateDir;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ferry-dashboard-action");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param selected the environment shown when a request names none
     * @param transfers the project's transfer plan; it may throw when there is none, which the pages then say
     */
    public Dashboard(String selected, List<String> environmentNames, Function<String, EnvironmentParts> environments,
                     Supplier<Transfers> transfers, Path stateDir) {
        this.selected = selected;
        this.environmentNames = List.copyOf(environmentNames);
        this.environments = environments;
        this.transfers = transfers;
        this.stateDir = stateDir;
    }

    public String selectedEnvironment() {
        return selected;
    }

    public List<String> environmentNames() {
        return environmentNames;
    }

    /** Each environment with its database (redacted) and schema version; one that cannot be reached says why. */
    public List<EnvironmentSummary> environments() {
        List<EnvironmentSummary> out = new ArrayList<>();
        for (String name : environmentNames) {
            try {
                StatusResult s = environment(name).migrations().status();
                Map<String, Long> states = new TreeMap<>();
                for (MigrationInfo m : s.migrations()) {
                    states.merge(m.state().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
                }
                out.add(new EnvironmentSummary(name, s.database(), s.schemaVersion(), states, null));
            } catch (FerryException e) {
                out.add(new EnvironmentSummary(name, null, null, Map.of(), e.getMessage()));
            }
        }
        return out;
    }

    public StatusResult migrations(String env) {
        return environment(env).migrations().status();
    }

    /** The live schema against its migrations replayed into a scratch database: changes made by hand. */
    public DriftResult drift(String env) {
        return environment(env).schema().drift();
    }

    public TransferRuns transferRuns() {
        Transfers t;
        try {
            t = transfers.get();
        } catch (FerryException e) {
            return new TransferRuns(null, List.of(), e.getMessage());
        }
        try {
            List<dev.ferry.transfer.TransferRun> newestFirst = new ArrayList<>(t.list());
            java.util.Collections.reverse(newestFirst);
            return new TransferRuns(t.plan().file().toString(), newestFirst, null);
        } catch (FerryException e) {
            return new TransferRuns(t.plan().file().toString(), List.of(), e.getMessage());
        }
    }

    /** A run's committed progress per entity (from the target), its throughput (from the run logs) and its rejects by reason. */
    public TransferView transfer(String runId) {
        Transfers t = transfers.get();
        TransferStatus status = t.status(runId);
        TransferRunLog log = TransferRunLog.read(stateDir.resolve("logs"), status.run().id());
        Map<String, TransferStatus.EntityProgress> committed = new LinkedHashMap<>();
        status.entities().forEach(p -> committed.put(p.entity(), p));
        List<EntityView> entities = new ArrayList<>();
        for (EntityPlan e : t.plan().entities()) {
            TransferStatus.EntityProgress p = committed.remove(e.name());
            Long expected = log.expectedRows().get(e.name());
            entities.add(p == null ? new EntityView(e.name(), "waiting", 0, 0, 0, 0, expected)
                    : new EntityView(p.entity(), p.status(), p.rowsRead(), p.rowsWritten(), p.rowsRejected(), p.batches(), expected));
        }
        committed.values().forEach(p -> entities.add(new EntityView(p.entity(), p.status(), p.rowsRead(), p.rowsWritten(),
                p.rowsRejected(), p.batches(), log.expectedRows().get(p.entity()))));
        return new TransferView(status.run(), entities, ThroughputSeries.of(log.batches()), rejectReasons(t.rejects(status.run().id(),
                REJECTS_SHOWN)), status.missingConstraints());
    }

    /** A run's rows per second per entity, from the run logs alone: the chart a run's page reloads every second. */
    public List<DashboardViews.Throughput> throughput(String runId) {
        return ThroughputSeries.of(TransferRunLog.read(stateDir.resolve("logs"), runId).batches());
    }

    /** The rows a run rejected (up to {@value #REJECTS_SHOWN}), with the row as read and the reason. */
    public List<RejectedRow> rejects(String runId) {
        return transfers.get().rejects(runId, REJECTS_SHOWN);
    }

    static List<RejectReason> rejectReasons(List<RejectedRow> rejects) {
        Map<List<String>, List<RejectedRow>> byReason = new LinkedHashMap<>();
        for (RejectedRow r : rejects) {
            byReason.computeIfAbsent(List.of(r.entity(), String.valueOf(r.reason())), k -> new ArrayList<>()).add(r);
        }
        return byReason.entrySet().stream()
                .map(e -> new RejectReason(e.getKey().get(0), e.getKey().get(1), e.getValue().size(),
                        e.getValue().subList(0, Math.min(REJECT_SAMPLES, e.getValue().size()))))
                .sorted(Comparator.comparingLong(RejectReason::count).reversed()).toList();
    }

    /** The latest verification reports under {@code .ferry/reports/}, newest first. */
    public List<VerifyResult> verifications() {
        Path dir = stateDir.resolve("reports");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<VerifyResult> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-verify.json"))
                    .sorted(Comparator.comparing(Path::toString).reversed()).limit(VERIFICATIONS_SHOWN).toList()) {
                out.add(Json.mapper().readValue(f.toFile(), VerifyResult.class));
            }
        } catch (IOException e) {
            throw FerryException.failure("Cannot read the verification reports under " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    public List<ArchiveSummary> backups(String env) {
        return environment(env).backups().list(null, null);
    }

    /** In-database table copies, and the snapshots of the protected data. */
    public SnapshotsView snapshots(String env) {
        EnvironmentParts parts = environment(env);
        return new SnapshotsView(parts.snapshots().list(), parts.protection().snapshots());
    }

    public record SnapshotsView(List<SnapshotRecord> tableCopies, List<SnapshotInfo> protectedData) {
    }

    public DoctorReport doctor(String env) {
        return environment(env).doctor().get();
    }

    /** The latest changes to protected tables; {@code installed} is false where the audit trail is not installed. */
    public AuditView audit(String env) {
        EnvironmentParts parts = environment(env);
        if (!parts.protection().auditTrailInstalled()) {
            return new AuditView(false, List.of());
        }
        return new AuditView(true, parts.protection().auditLog(AuditQuery.LATEST));
    }

    public record AuditView(boolean installed, List<AuditEntry> entries) {
    }

    /** Resumes an unfinished run in the background; its progress shows on the run's page. */
    public String resume(String runId) {
        Transfers t = transfers.get();
        if (t.status(runId).run().finished()) {
            throw FerryException.invalidInput("Transfer run " + runId + " is not unfinished; only a failed or interrupted run can be resumed");
        }
        background.submit(() -> t.run(TransferOptions.DEFAULTS.withResume(runId)));
        return "Resuming transfer run " + runId;
    }

    public VerifyResult verify(String env) {
        return environment(env).verification().integrity(IntegrityOptions.NONE);
    }

    public dev.ferry.protection.SnapshotResult snapshot(String env) {
        return environment(env).protection().snapshot(null, null);
    }

    private EnvironmentParts environment(String env) {
        String name = env == null || env.isBlank() ? selected : env;
        if (!environmentNames.contains(name)) {
            throw FerryException.invalidInput("There is no environment '" + name + "'; the project has " + String.join(", ", environmentNames));
        }
        return environments.apply(name);
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
