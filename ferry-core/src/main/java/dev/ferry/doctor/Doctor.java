package dev.ferry.doctor;

import dev.ferry.FerryException;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.migration.MigrationInfo;
import dev.ferry.migration.SchemaMigrations;
import dev.ferry.migration.StatusResult;
import dev.ferry.migration.ValidateResult;
import dev.ferry.migration.ValidationProblem;
import dev.ferry.protection.CheckResult;
import dev.ferry.protection.Protection;
import dev.ferry.protection.ProtectionProblem;
import dev.ferry.protection.RecoveryResult;
import dev.ferry.protection.SnapshotInfo;
import dev.ferry.retention.Retention;
import dev.ferry.run.RunJournal;
import dev.ferry.schema.DriftResult;
import dev.ferry.schema.SchemaChange;
import dev.ferry.schema.Schemas;
import dev.ferry.transfer.TransferRun;
import dev.ferry.transfer.TransferStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The health report of one environment: can Ferry reach the database, is the schema history
 * sound, is nobody stuck holding the migration lock, is the protected data there, valid, audited
 * and snapshotted, how old is the newest backup, and did a transfer stop half-way. Every finding
 * says what to do. With {@code recover}, missing or invalid protected rows are put back first.
 */
public final class Doctor {
    /** Snapshots and backups older than this earn a warning. */
    static final Duration STALE = Duration.ofDays(7);

    private final EnvironmentSettings settings;
    private final Database database;
    private final SchemaMigrations migrations;
    private final Protection protection;
    private final Schemas schemas;
    private final Retention retention;

    public Doctor(EnvironmentSettings settings, Database database, SchemaMigrations migrations, Protection protection, Schemas schemas,
                  Retention retention) {
        this.settings = settings;
        this.database = database;
        this.migrations = migrations;
        this.protection = protection;
        this.schemas = schemas;
        this.retention = retention;
    }

    /** Examines the environment and leaves the findings as a JSON and an HTML report under {@code .ferry/reports/}. */
    public DoctorReport examine(DoctorOptions options) {
        return RunJournal.run(settings.stateDir(), "doctor", Map.of("environment", settings.name(), "database", database.displayUrl()),
                journal -> {
                    DoctorReport report = findings(options);
                    journal.report(report);
                    journal.summary(Map.of("healthy", report.healthy()));
                    return report;
                });
    }

    private DoctorReport findings(DoctorOptions options) {
        List<DoctorFinding> findings = new ArrayList<>();
        String schema;
        try (Connection c = database.connect("ferry doctor")) {
            schema = database.dialect().currentSchema(c);
            findings.add(DoctorFinding.ok("database", "reachable: " + database.dialect().name() + " at " + database.displayUrl()));
            findings.add(lock(c, schema));
        } catch (FerryException | SQLException e) {
            findings.add(DoctorFinding.problem("database", e.getMessage(), "start the server or fix url/user/password in ferry.yaml"));
            return new DoctorReport(settings.name(), database.displayUrl(), Instant.now(), findings, null);
        }
        boolean protectedData = !protection.data().isEmpty();
        RecoveryResult recovery = options.recover() && protectedData ? protection.recover() : null;
        findings.addAll(schemaHistory());
        findings.add(schemaDrift());
        if (protectedData) {
            findings.addAll(protectedData());
        }
        findings.add(BackupArchives.newest(settings, retention));
        findings.addAll(transfers(schema));
        findings.addAll(TableHealth.examine(database, settings.schemas().isEmpty() ? List.of(schema) : settings.schemas()));
        return new DoctorReport(settings.name(), database.displayUrl(), Instant.now(), List.copyOf(findings), recovery);
    }

    private DoctorFinding lock(Connection c, String schema) throws SQLException {
        String first = settings.schemas().isEmpty() ? schema : settings.schemas().get(0);
        String name = "ferry:" + first + "." + settings.historyTable();
        Dialect d = database.dialect();
        c.setAutoCommit(true);
        if (d.locks().tryLock(c, name)) {
            d.locks().unlock(c, name);
            return DoctorFinding.ok("migration lock", "free");
        }
        String holder = d.locks().describeLockHolder(c, name);
        return DoctorFinding.warning("migration lock", "held" + (holder.isEmpty() ? "" : " by " + holder),
                "if no migration is running, end that session (the lock goes with it)");
    }

    private List<DoctorFinding> schemaHistory() {
        List<DoctorFinding> out = new ArrayList<>();
        try {
            ValidateResult v = migrations.validate();
            for (ValidationProblem p : v.problems()) {
                out.add(DoctorFinding.problem("schema history", p.kind() + (p.migration() == null ? "" : " " + p.migration()) + ": "
                        + p.message(), "see 'ferry validate'; restore the file or run 'ferry repair' once it is right"));
            }
            StatusResult status = migrations.status();
            long pending = status.migrations().stream().filter(m -> m.isPending(settings.outOfOrder())).count();
            if (pending > 0) {
                out.add(DoctorFinding.warning("schema history", pending + " migration(s) pending: "
                        + String.join(", ", status.migrations().stream().filter(m -> m.isPending(settings.outOfOrder()))
                        .map(MigrationInfo::script).limit(5).toList()), "run 'ferry migrate'"));
            }
            if (out.isEmpty()) {
                out.add(DoctorFinding.ok("schema history", v.migrationsChecked() + " migration(s) checked, no drift, no failed rows"
                        + (status.schemaVersion() == null ? "" : "; at version " + status.schemaVersion())));
            }
        } catch (FerryException e) {
            out.add(DoctorFinding.problem("schema history", e.getMessage(), "see 'ferry validate'"));
        }
        return out;
    }

    /** The live schema against the applied migrations replayed elsewhere: a column dropped by hand passes validate, not this. */
    private DoctorFinding schemaDrift() {
        try {
            DriftResult drift = schemas.drift();
            if (drift.version() == null) {
                return DoctorFinding.ok("schema drift", "no migration applied yet, nothing to compare");
            }
            if (drift.clean()) {
                return DoctorFinding.ok("schema drift", "none: the schema is what the migrations make of it up to version " + drift.version());
            }
            List<String> first = drift.changes().stream().limit(5).map(SchemaChange::describe).toList();
            return DoctorFinding.problem("schema drift", drift.changes().size() + " change(s) made outside the migrations: "
                    + String.join("; ", first) + (drift.changes().size() > first.size() ? "; ..." : ""),
                    "see 'ferry drift'; put each change into a migration, or undo it");
        } catch (FerryException e) {
            return DoctorFinding.warning("schema drift", "could not compare: " + e.getMessage(), "run 'ferry drift' to see why");
        }
    }

    private List<DoctorFinding> protectedData() {
        List<DoctorFinding> out = new ArrayList<>();
        if (!protection.auditTrailInstalled()) {
            out.add(DoctorFinding.problem("audit trail", "not installed: changes to protected rows are not recorded",
                    "run 'ferry protect install'"));
        } else {
            Map<String, List<String>> missing = protection.missingTriggers();
            missing.forEach((table, triggers) -> out.add(DoctorFinding.problem("audit trail", "table " + table + " lacks its audit trigger(s) "
                    + String.join(", ", triggers), "run 'ferry protect install'")));
            Map<String, List<String>> stale = protection.staleTriggers();
            stale.forEach((table, triggers) -> out.add(DoctorFinding.problem("audit trail", "the audit trigger(s) " + String.join(", ", triggers)
                    + " of table " + table + " were made for other columns than it has now (a column dropped, renamed or added since): "
                    + "they record the wrong columns, and on MariaDB every insert, update and delete of the table fails",
                    "run 'ferry protect install' to rebuild them")));
            protection.unauditedChanges().forEach((table, why) -> out.add(DoctorFinding.problem("audit trail", "table " + table + " " + why
                    + " (a TRUNCATE on MariaDB, which fires no trigger, or writes with the triggers off)",
                    "see what changed with 'ferry protect check'; 'ferry doctor --recover' puts back missing required rows; "
                    + "then 'ferry protect snapshot'")));
            if (missing.isEmpty() && stale.isEmpty()) {
                out.add(DoctorFinding.ok("audit trail", "audit triggers on every protected table (" + protection.data().tables().size() + ")"));
            }
        }
        CheckResult check = protection.check();
        for (ProtectionProblem p : check.problems()) {
            String what = p.table() + (p.key() == null ? "" : " [" + p.key() + "]") + ": " + p.message();
            String fix = switch (p.kind()) {
                case ProtectionProblem.MISSING, ProtectionProblem.INVALID -> "'ferry doctor --recover' restores it from the newest snapshot";
                case ProtectionProblem.MISSING_TABLE -> "create the table (a migration) or fix protected_data in ferry.yaml";
                default -> "fix the row; the check's query shows why it is returned";
            };
            out.add(DoctorFinding.problem("protected data", what, fix));
        }
        if (check.valid()) {
            long rows = check.tables().stream().mapToLong(CheckResult.TableSummary::rows).sum();
            int required = check.tables().stream().mapToInt(CheckResult.TableSummary::requiredRows).sum();
            out.add(DoctorFinding.ok("protected data", rows + " row(s) in " + check.tables().size() + " table(s) valid; all " + required
                    + " required row(s) present"));
        }
        out.add(snapshotAge());
        return out;
    }

    private DoctorFinding snapshotAge() {
        List<SnapshotInfo> snapshots = protection.snapshots();
        if (snapshots.isEmpty()) {
            return DoctorFinding.problem("snapshot", "no snapshot of the protected rows: a lost row could not be recovered",
                    "run 'ferry protect snapshot'");
        }
        SnapshotInfo newest = snapshots.get(0);
        Duration age = Duration.between(newest.takenAt(), Instant.now());
        long changes = protection.changesSince(newest.takenAt());
        String what = "newest is version " + newest.version() + ", " + Ages.describe(age) + " old, " + newest.rows() + " row(s)";
        if (age.compareTo(STALE) > 0) {
            return DoctorFinding.warning("snapshot", what, "run 'ferry protect snapshot' (and schedule it)");
        }
        if (changes > 0) {
            return DoctorFinding.warning("snapshot", what + "; " + changes + " change(s) to protected rows since",
                    "run 'ferry protect snapshot' once the changes are right");
        }
        return DoctorFinding.ok("snapshot", what);
    }

    private List<DoctorFinding> transfers(String schema) {
        List<TransferRun> unfinished;
        try {
            unfinished = new TransferStore(database, schema).runs().stream().filter(r -> !r.finished()).toList();
        } catch (FerryException e) {
            return List.of(DoctorFinding.warning("transfers", "cannot read the transfer runs: " + e.getMessage(), "see 'ferry transfer list'"));
        }
        if (unfinished.isEmpty()) {
            return List.of(DoctorFinding.ok("transfers", "no unfinished transfer run"));
        }
        return unfinished.stream().map(r -> DoctorFinding.warning("transfers", "run " + r.id() + " (" + r.planFile() + ") is " + r.status()
                + " since " + r.startedAt(), "resume it with 'ferry transfer run', or start over with '--fresh'")).toList();
    }
}
