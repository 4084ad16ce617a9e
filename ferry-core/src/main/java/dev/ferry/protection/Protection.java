package dev.ferry.protection;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.config.ProtectedDataDeclaration;
import dev.ferry.db.Database;
import dev.ferry.db.ProtectionSql;
import dev.ferry.db.TableRef;
import dev.ferry.db.Transactions;
import dev.ferry.run.RunJournal;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The protected-data API of one environment: install the audit trail and constraints, take
 * snapshots, check the rows against their schemas and rules, recover lost rows, read and prune the
 * audit trail. State-changing calls get a run id and leave a log and a report under {@code .ferry/}.
 */
public final class Protection {
    private final EnvironmentSettings settings;
    private final Supplier<Database> database;
    private final ProtectedDataDeclaration declaration;
    private ProtectedData data;

    public Protection(EnvironmentSettings settings, Supplier<Database> database, ProtectedDataDeclaration declaration) {
        this.settings = settings;
        this.database = database;
        this.declaration = declaration;
    }

    /** The declaration, with every JSON Schema read and checked; fails with the ferry.yaml line on a mistake. */
    public synchronized ProtectedData data() {
        if (data == null) {
            data = ProtectedDataLoader.load(declaration);
        }
        return data;
    }

    private ProtectedData required() {
        ProtectedData d = data();
        if (d.isEmpty()) {
            throw FerryException.invalidInput("No protected data is declared; add 'protected_data: {tables: {...}}' to "
                    + dev.ferry.config.ConfigLoader.FILE_NAME + " (see the README, 'Protected data, audit trail and doctor')");
        }
        return d;
    }

    /** Creates the audit trail, the audit triggers of every protected table and the derivable CHECK constraints; safe to repeat. */
    public InstallResult install() {
        ProtectedData d = required();
        return journaled("protect-install", journal -> {
            try (ProtectionSession s = open(d, journal)) {
                List<InstallResult.TableObjects> objects = Transactions.call(s.connection, where("protect-install", s.database),
                        () -> new ProtectionInstaller(s).install());
                objects.forEach(o -> journal.event("table_protected", Map.of("table", o.table(), "triggers", o.triggers(),
                        "constraints", o.constraints())));
                return new InstallResult(journal.runId(), settings.name(), s.database.displayUrl(), true, objects, List.of());
            }
        });
    }

    /** Removes the triggers and constraints install made; the protected tables, the audit trail and the snapshots stay. */
    public InstallResult uninstall() {
        ProtectedData d = data();
        return journaled("protect-uninstall", journal -> {
            try (ProtectionSession s = open(d, journal)) {
                List<InstallResult.TableObjects> removed = Transactions.call(s.connection, where("protect-uninstall", s.database),
                        () -> new ProtectionInstaller(s).uninstall());
                return new InstallResult(journal.runId(), settings.name(), s.database.displayUrl(), false, removed,
                        List.of(ProtectionSql.AUDIT_TABLE, ProtectionSql.SNAPSHOTS, ProtectionSql.SNAPSHOT_ROWS));
            }
        });
    }

    /**
     * Stores a new snapshot of every protected row and keeps the newest {@code keep} (default:
     * {@code keep_snapshots}, else 10).
     *
     * @param file also write the snapshot there as JSON lines, or {@code null}
     */
    public SnapshotResult snapshot(Path file, Integer keep) {
        ProtectedData d = required();
        int n = keep == null ? d.keepSnapshots() : keep;
        if (n < 1) {
            throw FerryException.invalidInput("--keep must be at least 1, not " + n);
        }
        Path target = file == null ? null : settings.projectDir().resolve(file).normalize();
        return journaled("protect-snapshot", journal -> {
            try (ProtectionSession s = open(d, journal)) {
                s.connection.setTransactionIsolation(java.sql.Connection.TRANSACTION_REPEATABLE_READ);
                return Transactions.call(s.connection, where("protect-snapshot", s.database),
                        () -> new SnapshotStore(s).take(journal.runId(), target, n));
            }
        });
    }

    /** The stored snapshots, newest first. */
    public List<SnapshotInfo> snapshots() {
        return read("protect snapshots", s -> new SnapshotStore(s).list());
    }

    /** Checks every protected row: required rows present, JSON columns valid, SQL checks empty. */
    public CheckResult check() {
        ProtectedData d = required();
        return read(d, "protect check", s -> new DataChecker(s).check(settings.name()));
    }

    /**
     * Restores missing required rows and rows that fail their schema from the newest snapshot
     * holding a valid copy (checksum verified), in one transaction; changes nothing when a row
     * cannot be recovered.
     */
    public RecoveryResult recover() {
        ProtectedData d = required();
        return journaled("recover", journal -> {
            try (ProtectionSession s = open(d, journal)) {
                CheckResult before = new DataChecker(s).check(settings.name());
                RecoveryResult r = new Recovery(s).recover(journal.runId(), before.problems());
                r.restored().forEach(row -> journal.event("row_restored", Map.of("table", row.table(), "key", row.key(),
                        "action", row.action(), "snapshot", row.snapshotVersion())));
                return r;
            }
        });
    }

    /**
     * Puts the protected tables (or {@code table} alone) back exactly as snapshot {@code version}
     * holds them, in one transaction, audited as this run. A dry run only counts what would change.
     * A real restore needs {@code confirmed}; the snapshot's checksum must still match (exit 3).
     */
    public SnapshotRestoreResult restore(int version, String table, boolean dryRun, boolean confirmed) {
        ProtectedData d = required();
        if (dryRun) {
            return read(d, "protect restore", s -> new SnapshotRestore(s).restore(null, version, table, true));
        }
        if (!confirmed) {
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "Refusing to restore protected data of '" + settings.name()
                    + "' from snapshot " + version + " without confirmation: see what would change with --dry-run, then run with --confirm");
        }
        return journaled("protect-restore", journal -> {
            try (ProtectionSession s = open(d, journal)) {
                SnapshotRestoreResult r = new SnapshotRestore(s).restore(journal.runId(), version, table, false);
                r.tables().forEach(t -> journal.event("table_restored", Map.of("table", t.table(), "snapshot", version,
                        "inserted", t.inserted(), "replaced", t.replaced(), "deleted", t.deleted())));
                return r;
            }
        });
    }

    /**
     * Stores a snapshot file written by {@code protect snapshot --file} as a new snapshot, after
     * checking its checksum, its keys and every row against the JSON Schemas: a file that fails
     * any of them is refused with each problem (exit 3) and nothing is written.
     */
    public SnapshotImportResult importSnapshot(Path file) {
        ProtectedData d = required();
        Path source = settings.projectDir().resolve(file).normalize();
        SnapshotFile snapshotFile = new SnapshotFile(source, d);
        SnapshotFile.Summary summary = snapshotFile.check();
        return journaled("protect-import", journal -> {
            try (ProtectionSession s = open(d, journal)) {
                return Transactions.call(s.connection, where("protect-import", s.database), () -> {
                    s.createTables();
                    SnapshotStore store = new SnapshotStore(s);
                    int version = store.nextVersion();
                    long[] seq = {0};
                    try (java.sql.PreparedStatement insert = store.rowInsert()) {
                        snapshotFile.rows((table, key, data) -> SnapshotStore.addRow(insert, version, ++seq[0], table, key, data));
                        insert.executeBatch();
                    }
                    store.record(version, journal.runId(), summary.takenAt(), "import of " + source.getFileName(), summary.tables().size(),
                            summary.rows(), summary.checksum());
                    journal.event("snapshot_imported", Map.of("file", source.toString(), "version", version, "rows", summary.rows()));
                    return new SnapshotImportResult(journal.runId(), source.toString(), version, summary.version(), summary.takenAt(),
                            summary.tables().size(), summary.rows(), summary.checksum());
                });
            }
        });
    }

    /**
     * Checks a candidate document against a protected table's JSON Schemas without writing: a row
     * or a list of rows, or (with {@code column}) one JSON column's value of kind {@code kind}.
     */
    public DocumentCheckResult validate(Path file, String table, String column, String kind) {
        return new DocumentCheck(required()).check(settings.projectDir().resolve(file).normalize(), table, column, kind);
    }

    /** Audit entries, newest first. */
    public List<AuditEntry> auditLog(AuditQuery query) {
        return read("audit log", s -> new AuditTrail(s).log(query));
    }

    /** Deletes audit entries older than {@code olderThan}; needs {@code confirmed} on a protected environment. */
    public PruneResult pruneAudit(Duration olderThan, boolean confirmed) {
        if (settings.protectedEnvironment() && !confirmed) {
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "Refusing to prune the audit trail of '" + settings.name()
                    + "' without --confirm: it is marked protected in ferry.yaml");
        }
        Instant cutoff = Instant.now().minus(olderThan);
        return journaled("audit-prune", journal -> {
            try (ProtectionSession s = open(data(), journal)) {
                long deleted = new AuditTrail(s).prune(cutoff);
                journal.event("audit_pruned", Map.of("cutoff", cutoff.toString(), "deleted", deleted));
                return new PruneResult(journal.runId(), cutoff, deleted);
            }
        });
    }

    /** Audit entries recorded before {@code cutoff}, which a prune would delete; 0 without an audit trail. */
    public long auditEntriesBefore(Instant cutoff) {
        return read("prune", s -> new AuditTrail(s).countBefore(cutoff));
    }

    /**
     * Deletes audit entries recorded before {@code cutoff} as part of a caller's journaled run (a
     * retention prune, which has checked the confirmation); {@link #pruneAudit} is the command of its own.
     */
    public long deleteAuditBefore(Instant cutoff) {
        return read("prune", s -> s.exists(ProtectionSql.AUDIT_TABLE) ? new AuditTrail(s).prune(cutoff) : 0L);
    }

    /** Deletes stored snapshot versions as part of a caller's journaled run (a retention prune), each with its rows, in one transaction. */
    public void dropSnapshots(List<Integer> versions) {
        if (versions.isEmpty()) {
            return;
        }
        read("prune", s -> Transactions.call(s.connection, "Dropping protected snapshots " + versions, () -> {
            new SnapshotStore(s).drop(versions);
            return null;
        }));
    }

    /** Audit entries recorded after {@code since} that a recovery did not make; 0 without an audit trail. */
    public long changesSince(Instant since) {
        return read("doctor", s -> new AuditTrail(s).changesSince(since));
    }

    /** Per protected table, the audit triggers that should exist but do not; empty when all are there. */
    public Map<String, List<String>> missingTriggers() {
        ProtectedData d = data();
        return read(d, "doctor", s -> {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (ProtectedTable t : d.tables()) {
                TableRef ref = s.ref(t);
                if (!s.exists(t)) {
                    continue;
                }
                List<String> missing = new ArrayList<>(s.sql.auditTriggerNames(ref));
                missing.removeAll(s.sql.triggersOn(s.connection, ref));
                if (!missing.isEmpty()) {
                    out.put(t.name(), missing);
                }
            }
            return out;
        });
    }

    /**
     * Per protected table, the audit triggers made for other columns than the table has now (a
     * column dropped, renamed or added since {@code protect install}); empty when all are current.
     */
    public Map<String, List<String>> staleTriggers() {
        ProtectedData d = data();
        return read(d, "doctor", s -> {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (ProtectedTable t : d.tables()) {
                if (s.exists(t)) {
                    List<String> stale = s.sql.staleAuditTriggers(s.connection, s.ref(t), t.name(), t.key(), List.copyOf(s.requireColumns(t)),
                            t.jsonColumns());
                    if (!stale.isEmpty()) {
                        out.put(t.name(), stale);
                    }
                }
            }
            return out;
        });
    }

    /**
     * Per protected table whose row count the newest snapshot and the audit trail since do not
     * explain, the explanation: rows came or went without an audit entry (a MariaDB TRUNCATE, which
     * fires no trigger, or writes while the triggers were off). Empty without a snapshot.
     */
    public Map<String, String> unauditedChanges() {
        ProtectedData d = data();
        return read(d, "doctor", s -> new AuditTrail(s).unexplainedCounts(d.tables()));
    }

    /** Whether {@code ferry_audit} exists. */
    public boolean auditTrailInstalled() {
        return read("doctor", s -> s.exists(ProtectionSql.AUDIT_TABLE));
    }

    private interface SessionWork<T> {
        T run(ProtectionSession s) throws SQLException;
    }

    private interface JournaledWork<T> {
        T run(RunJournal journal) throws SQLException;
    }

    private <T> T read(String what, SessionWork<T> work) {
        return read(data(), what, work);
    }

    private <T> T read(ProtectedData d, String what, SessionWork<T> work) {
        Database db = database.get();
        try (ProtectionSession s = ProtectionSession.open(db, d, "ferry " + what)) {
            return work.run(s);
        } catch (SQLException e) {
            throw FerryException.sql("ferry " + what + " on " + db.displayUrl(), e);
        }
    }

    private ProtectionSession open(ProtectedData d, RunJournal journal) {
        return ProtectionSession.open(database.get(), d, "ferry protect " + journal.runId());
    }

    private <T> T journaled(String command, JournaledWork<T> work) {
        Database db = database.get();
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("environment", settings.name());
        context.put("database", db.displayUrl());
        return RunJournal.run(settings.stateDir(), command, context, journal -> {
            try {
                T result = work.run(journal);
                journal.report(result);
                return result;
            } catch (SQLException e) {
                throw FerryException.sql(where(command, db), e);
            }
        });
    }

    /** How an SQL error of a journaled protection command begins: {@code ferry protect install on <url>}. */
    static String where(String command, Database db) {
        return "ferry " + command.replace('-', ' ') + " on " + db.displayUrl();
    }
}
