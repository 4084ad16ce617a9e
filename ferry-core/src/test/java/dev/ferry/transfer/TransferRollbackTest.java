package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.snapshot.SnapshotRecord;
import dev.ferry.snapshot.Snapshots;
import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.Fingerprint;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.plan.PlanLoader;
import dev.ferry.transfer.transform.Transforms;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A transfer run rolled back: exactly its rows leave the target, children first, resumably, and the run can be made again. */
class TransferRollbackTest {
    @TempDir
    Path dir;

    private static Transfers transfers(Path plan, TestDatabase source, TestDatabase target, Path stateDir, boolean protectedTarget) {
        Transforms transforms = new Transforms(TransferRollbackTest.class.getClassLoader());
        return new Transfers(new PlanLoader(Map.of(), transforms).load(plan),
                spec -> spec.url().equals(source.url()) ? source.database() : target.database(), transforms, stateDir,
                TransferListener.NONE, spec -> protectedTarget);
    }

    private static Map<String, String> fingerprints(TestDatabase db) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : ClinicProject.targetTables()) {
            out.put(t, Fingerprint.of(db, t));
        }
        // The run id differs between runs; what a row maps to must not.
        out.put("ferry_id_map", Fingerprint.of(db, "(SELECT entity, legacy_key, new_key FROM ferry_id_map) m"));
        return out;
    }

    private static String runStatus(TestDatabase target, String run) throws Exception {
        try (Connection c = target.database().connect("test"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT status FROM ferry_transfer_runs WHERE run_id = '" + run + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** An empty migrated target, its fingerprints taken, then one completed transfer. */
    private record Transferred(Path plan, Map<String, String> before, Map<String, String> after, String run) {
    }

    private Transferred transferClinic(TestDatabase source, TestDatabase target) throws Exception {
        ClinicProject.fillSource(source, 0.002);
        if (target.isMariaDb()) {
            ClinicProject.createMariaDbTarget(target);
        } else {
            ClinicProject.migrateTarget(target, dir);
        }
        Map<String, String> before = new LinkedHashMap<>();
        for (String t : ClinicProject.targetTables()) {
            before.put(t, Fingerprint.of(target, t));
        }
        // No ID map yet: after a rollback it must be as empty as the tables are now.
        before.put("ferry_id_map", before.get("offices"));
        Path plan = ClinicProject.plan(dir, source, target);
        transfers(plan, source, target, dir.resolve(".ferry"), false).run(TransferOptions.DEFAULTS.withBatchSize(100));
        return new Transferred(plan, before, fingerprints(target), TransferEngineTest.lastRun(target));
    }

    @Test
    void rollbackLeavesThePostgresTargetAsBeforeAndTheRunCanBeMadeAgain() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Transferred t = transferClinic(source, target);
            Transfers transfers = transfers(t.plan(), source, target, dir.resolve(".ferry"), false);

            TransferRollbackResult preview = transfers.rollback(t.run(), TransferRollbackOptions.DEFAULTS.withDryRun(true));
            assertThat(preview.entities()).extracting(TransferRollbackResult.EntityRollback::entity)
                    .containsExactly("orders", "patients", "doctors", "profiles", "offices");
            assertThat(preview.entities()).allSatisfy(e -> assertThat(e.rowsRecorded()).isEqualTo(e.rowsWritten()).isPositive());
            assertThat(fingerprints(target)).isEqualTo(t.after());

            TransferRollbackResult r = transfers.rollback(t.run(), TransferRollbackOptions.DEFAULTS.withBatchSize(250));
            assertThat(r.status()).isEqualTo(TransferRun.ROLLED_BACK);
            assertThat(r.rowsRemoved()).isEqualTo(preview.entities().stream().mapToLong(e -> e.rowsRecorded()).sum());
            assertThat(fingerprints(target)).isEqualTo(t.before());
            assertThat(transfers.list()).singleElement().satisfies(run -> assertThat(run.status()).isEqualTo("rolled_back"));
            assertThat(transfers.status(t.run()).run().status()).isEqualTo("rolled_back");
            assertThat(dir.resolve(".ferry/reports").toFile().list()).anyMatch(f -> f.endsWith("-transfer-rollback.json"));

            TransferResult again = transfers.run(TransferOptions.DEFAULTS);
            assertThat(again.status()).isEqualTo("completed");
            assertThat(again.resumed()).isFalse();
            assertThat(fingerprints(target)).isEqualTo(t.after());
            assertThat(transfers.rollback(t.run(), TransferRollbackOptions.DEFAULTS).rowsRemoved()).isZero();
        }
    }

    @Test
    void rollbackLeavesTheMariaDbTargetAsBeforeAndKeepsRowsTheApplicationAddedLater() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.mariaDb().create()) {
            Transferred t = transferClinic(source, target);
            target.exec("INSERT INTO offices (id, name, created_at) VALUES ('00000000-0000-0000-0000-000000000001', 'opened later', NOW())");
            Transfers transfers = transfers(t.plan(), source, target, dir.resolve(".ferry"), false);

            TransferRollbackResult r = transfers.rollback(t.run(), TransferRollbackOptions.DEFAULTS.withBatchSize(100));
            assertThat(r.entities()).allSatisfy(e -> {
                assertThat(e.rowsRemoved()).isEqualTo(e.rowsWritten());
                assertThat(e.rowsMissing()).isZero();
            });
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM offices")).isEqualTo(1);
            target.exec("DELETE FROM offices");
            assertThat(fingerprints(target)).isEqualTo(t.before());
            assertThat(transfers.run(TransferOptions.DEFAULTS).status()).isEqualTo("completed");
            assertThat(fingerprints(target)).isEqualTo(t.after());
        }
    }

    @Test
    void rollbackToACheckpointOnMariaDbKeepsExactlyTheEarlierBatchesAndResumeWritesTheRestIdentically() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.mariaDb().create()) {
            Transferred t = transferClinic(source, target);
            Transfers transfers = transfers(t.plan(), source, target, dir.resolve(".ferry"), false);
            Map<String, Long> kept = new LinkedHashMap<>();
            long batches = TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_transfer_batches");
            int n = (int) (batches / 2);
            try (Connection c = target.database().connect("test"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT entity, rows_written FROM ferry_transfer_batches ORDER BY seq")) {
                for (int i = 0; i < n && rs.next(); i++) {
                    kept.merge(rs.getString(1), rs.getLong(2), Long::sum);
                }
            }
            long tableRows = 0;
            for (String table : ClinicProject.targetTables()) {
                tableRows += TransferEngineTest.count(target, "SELECT COUNT(*) FROM " + table);
            }

            TransferRollbackResult r = transfers.rollback(t.run(), TransferRollbackOptions.DEFAULTS.withToCheckpoint(n).withConfirmed(true)
                    .withBatchSize(70));
            long keptRows = kept.values().stream().mapToLong(Long::longValue).sum();
            assertThat(r.rowsRemoved()).isPositive().isEqualTo(tableRows - keptRows);
            long left = 0;
            for (String table : ClinicProject.targetTables()) {
                left += TransferEngineTest.count(target, "SELECT COUNT(*) FROM " + table);
            }
            assertThat(left).isEqualTo(keptRows);
            Map<String, Long> mapped = new LinkedHashMap<>();
            try (Connection c = target.database().connect("test"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT entity, COUNT(*) FROM ferry_id_map GROUP BY entity")) {
                while (rs.next()) {
                    mapped.put(rs.getString(1), rs.getLong(2));
                }
            }
            kept.values().removeIf(v -> v == 0);
            assertThat(mapped).isEqualTo(kept);
            assertThat(runStatus(target, t.run())).isEqualTo(TransferRun.FAILED);

            assertThat(transfers.run(TransferOptions.DEFAULTS.withResume(t.run())).status()).isEqualTo("completed");
            assertThat(fingerprints(target)).isEqualTo(t.after());
        }
    }

    @Test
    void preserveDataKeepsEveryRemovedRowInSnapshotCopies() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Transferred t = transferClinic(source, target);
            Map<String, String> contents = new LinkedHashMap<>();
            for (String table : ClinicProject.targetTables()) {
                contents.put(table, Fingerprint.of(target, table));
            }
            TransferRollbackResult r = transfers(t.plan(), source, target, dir.resolve(".ferry"), false)
                    .rollback(t.run(), TransferRollbackOptions.DEFAULTS.withPreserveData(true).withBatchSize(300));
            assertThat(r.snapshotId()).isEqualTo("rollback-" + t.run());
            assertThat(fingerprints(target)).isEqualTo(t.before());

            List<SnapshotRecord> copies = new Snapshots(target::database, dir.resolve(".ferry"), "test", false).list();
            assertThat(copies).hasSize(5).allSatisfy(c -> assertThat(c.snapshotId()).isEqualTo(r.snapshotId()));
            Map<String, Long> removed = r.entities().stream().collect(Collectors.toMap(e -> e.table().substring(e.table().indexOf('.') + 1),
                    TransferRollbackResult.EntityRollback::rowsRemoved));
            for (SnapshotRecord c : copies) {
                assertThat(c.rows()).as(c.table()).isEqualTo(removed.get(c.table()));
                assertThat(Fingerprint.of(target, c.copyTable())).as(c.table()).isEqualTo(contents.get(c.table()));
            }
        }
    }

    @Test
    void rollbackInterruptedMidwayIsContinuedByRunningItAgain() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Transferred t = transferClinic(source, target);
            Transfers transfers = transfers(t.plan(), source, target, dir.resolve(".ferry"), false);
            // A patient in the middle of the ID map's order refuses to be deleted: the rollback stops part-way through patients.
            String stopper;
            try (Connection c = target.database().connect("test"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT new_key FROM ferry_id_map WHERE entity = 'patients' ORDER BY legacy_key "
                         + "OFFSET (SELECT COUNT(*) / 2 FROM ferry_id_map WHERE entity = 'patients') LIMIT 1")) {
                rs.next();
                stopper = rs.getString(1);
            }
            target.exec("CREATE FUNCTION refuse_delete() RETURNS trigger AS $$ BEGIN IF OLD.id = '" + stopper
                    + "' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN OLD; END $$ LANGUAGE plpgsql",
                    "CREATE TRIGGER stop_midway BEFORE DELETE ON patients FOR EACH ROW EXECUTE FUNCTION refuse_delete()");
            assertThatThrownBy(() -> transfers.rollback(t.run(), TransferRollbackOptions.DEFAULTS.withBatchSize(50)))
                    .isInstanceOf(FerryException.class).hasMessageContaining("injected failure").hasMessageContaining("run the rollback again");
            assertThat(runStatus(target, t.run())).isEqualTo(TransferRun.ROLLING_BACK);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM orders")).isZero();
            long left = TransferEngineTest.count(target, "SELECT COUNT(*) FROM patients");
            assertThat(left).isPositive().isLessThan(TransferEngineTest.count(source, "SELECT COUNT(*) FROM dispatch_patient"));
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_id_map WHERE entity = 'patients'")).isEqualTo(left);
            assertThatThrownBy(() -> transfers.run(TransferOptions.DEFAULTS)).hasMessageContaining("being rolled back");

            target.exec("DROP TRIGGER stop_midway ON patients");
            TransferRollbackResult resumed = transfers.rollback(t.run(), TransferRollbackOptions.DEFAULTS.withBatchSize(50));
            assertThat(resumed.notes()).anyMatch(n -> n.contains("Continued an interrupted rollback"));
            assertThat(fingerprints(target)).isEqualTo(t.before());
            assertThat(runStatus(target, t.run())).isEqualTo(TransferRun.ROLLED_BACK);
            assertThat(transfers.run(TransferOptions.DEFAULTS).status()).isEqualTo("completed");
            assertThat(fingerprints(target)).isEqualTo(t.after());
        }
    }

    @Test
    void protectedTargetIsRefusedWithoutConfirm() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Transferred t = transferClinic(source, target);
            Transfers guarded = transfers(t.plan(), source, target, dir.resolve(".ferry"), true);
            assertThatThrownBy(() -> guarded.rollback(t.run(), TransferRollbackOptions.DEFAULTS))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY));
            assertThat(guarded.rollback(t.run(), TransferRollbackOptions.DEFAULTS.withDryRun(true)).dryRun()).isTrue();
            assertThat(fingerprints(target)).isEqualTo(t.after());
            guarded.rollback(t.run(), TransferRollbackOptions.DEFAULTS.withConfirmed(true));
            assertThat(fingerprints(target)).isEqualTo(t.before());
        }
    }

    @Test
    void inPlaceUpdatesAreRefusedWithTheReasonUnlessKeptOnPurpose() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            db.exec("CREATE TABLE clinics (id INT PRIMARY KEY, tenant_id INT NOT NULL)",
                    "CREATE TABLE visits (id INT PRIMARY KEY, clinic_id INT NOT NULL REFERENCES clinics (id), tenant_id INT)",
                    "INSERT INTO clinics SELECT g, 1000 + g FROM generate_series(1, 10) g",
                    "INSERT INTO visits SELECT g, 1 + g % 10, NULL FROM generate_series(1, 200) g");
            Path plan = Projects.transferPlan(dir.resolve("backfill.yaml"), db, db, "entities:\n  visit_tenants:\n    mode: update\n"
                    + "    query: \"SELECT v.id, c.tenant_id FROM visits v JOIN clinics c ON c.id = v.clinic_id\"\n"
                    + "    to: visits\n    key: {column: id, strategy: keep, target: id}\n    columns:\n      tenant_id: tenant_id\n");
            Transfers transfers = transfers(plan, db, db, dir.resolve(".ferry"), false);
            transfers.run(TransferOptions.DEFAULTS);
            String run = TransferEngineTest.lastRun(db);
            String visits = Fingerprint.of(db, "visits");

            TransferRollbackResult preview = transfers.rollback(run, TransferRollbackOptions.DEFAULTS.withDryRun(true));
            assertThat(preview.entities()).singleElement().satisfies(e -> assertThat(e.refused()).contains("mode: update"));
            assertThatThrownBy(() -> transfers.rollback(run, TransferRollbackOptions.DEFAULTS))
                    .isInstanceOfSatisfying(FerryException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.getMessage()).contains("visit_tenants").contains("previous values").contains("--keep-updates");
                    });
            assertThat(runStatus(db, run)).isEqualTo(TransferRun.COMPLETED);

            TransferRollbackResult kept = transfers.rollback(run, TransferRollbackOptions.DEFAULTS.withKeepUpdates(true));
            assertThat(kept.status()).isEqualTo(TransferRun.ROLLED_BACK);
            assertThat(Fingerprint.of(db, "visits")).isEqualTo(visits);
        }
    }

    @Test
    void unknownRunIsInvalidInput() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Transferred t = transferClinic(source, target);
            assertThatThrownBy(() -> transfers(t.plan(), source, target, dir.resolve(".ferry"), false)
                    .rollback("20000101-000000-beef", TransferRollbackOptions.DEFAULTS))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        }
    }
}
