package dev.ferry.verify;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.db.Database;
import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.verify.ExpectedRows;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.TransferOptions;
import dev.ferry.transfer.Transfers;
import dev.ferry.transfer.plan.PlanLoader;
import dev.ferry.transfer.transform.Transforms;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After a clean transfer every check passes; each way a migration goes wrong is caught, down to the key. */
class VerificationTest {
    @TempDir
    Path dir;

    private final Transforms transforms = new Transforms(getClass().getClassLoader());

    private List<Finding> verify(Path plan, TestDatabase source, TestDatabase target, VerifyLevel level) {
        try (ExpectedRows expected = ExpectedRows.open(new PlanLoader(Map.of(), transforms).load(plan), source.database(),
                target.database(), transforms)) {
            return new PlanVerifier(expected, target.database(), dir.resolve("diff.csv")).verify(level, List.of());
        }
    }

    /** Fills the legacy clinic, migrates the target, transfers, and returns the plan used. */
    private Path transferredClinic(TestDatabase source, TestDatabase target) {
        ClinicProject.fillSource(source, 0.002);
        ClinicProject.migrateTarget(target, dir);
        Path plan = ClinicProject.plan(dir, source, target);
        Database s = source.database();
        Database t = target.database();
        new Transfers(new PlanLoader(Map.of(), transforms).load(plan), spec -> spec.url().equals(source.url()) ? s : t, transforms,
                dir.resolve(".ferry"), TransferListener.NONE).run(TransferOptions.DEFAULTS);
        return plan;
    }

    private static Finding failed(List<Finding> findings, String check, String subject) {
        return findings.stream().filter(f -> f.check().equals(check) && f.subject().equals(subject) && f.status() == CheckStatus.FAILED)
                .findFirst().orElseThrow(() -> new AssertionError("no failed " + check + " on " + subject + " in " + findings));
    }

    @Test
    void cleanTransferPassesAndEachCorruptionIsFoundByKey() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Path plan = transferredClinic(source, target);

            List<Finding> clean = verify(plan, source, target, VerifyLevel.RIGOROUS);
            assertThat(clean).allMatch(f -> f.status() == CheckStatus.PASSED, "all passed");
            assertThat(clean).extracting(Finding::check).contains("completeness", "id map", "content", "sum", "tenant", "constraints restored",
                    "index", "constraint");

            String patient = "(SELECT new_key FROM ferry_id_map WHERE entity = 'patients' AND legacy_key = '7')";
            String order = "(SELECT new_key FROM ferry_id_map WHERE entity = 'orders' AND legacy_key = '11')";
            String otherOffice = "(SELECT new_key FROM ferry_id_map WHERE entity = 'offices' AND new_key <> (SELECT office_id::text FROM patients WHERE id::text = "
                    + "(SELECT new_key FROM ferry_id_map WHERE entity = 'patients' AND legacy_key = '9')) LIMIT 1)";
            target.exec("UPDATE patients SET office_id = " + otherOffice + "::uuid WHERE id::text = (SELECT new_key FROM ferry_id_map WHERE entity = 'patients' AND legacy_key = '9')");
            target.exec("DELETE FROM orders WHERE id::text = (SELECT new_key FROM ferry_id_map WHERE entity = 'orders' AND legacy_key = '5')",
                    "UPDATE orders SET amount = amount + 0.01 WHERE id::text = " + order,
                    "UPDATE patients SET notes = 'edited' WHERE id::text = " + patient);

            List<Finding> basic = verify(plan, source, target, VerifyLevel.BASIC);
            assertThat(failed(basic, "completeness", "orders").count()).isEqualTo(1);
            assertThat(basic).noneMatch(f -> f.check().equals("content"));

            List<Finding> standard = verify(plan, source, target, VerifyLevel.STANDARD);
            Finding orders = failed(standard, "content", "orders");
            assertThat(orders.message()).startsWith("1 missing, 1 changed");
            assertThat(orders.sample()).anyMatch(x -> x.startsWith("missing: legacy key 5 "))
                    .anyMatch(x -> x.startsWith("changed: legacy key 11 ") && x.contains("amount: expected"));
            assertThat(failed(standard, "content", "patients").sample()).hasSize(2)
                    .anyMatch(x -> x.startsWith("changed: legacy key 7 ") && x.contains("notes: expected") && x.contains("found edited"))
                    .anyMatch(x -> x.startsWith("changed: legacy key 9 ") && x.contains("office_id"));
            assertThat(standard).noneMatch(f -> f.check().equals("sum") || f.check().equals("tenant"));

            target.exec("DROP INDEX orders_status");
            List<Finding> rigorous = verify(plan, source, target, VerifyLevel.RIGOROUS);
            assertThat(failed(rigorous, "index", "public.orders indexes").sample()).containsExactly("orders_status");
            assertThat(failed(rigorous, "sum", "orders.amount").message()).contains("difference");
            assertThat(failed(rigorous, "tenant", "patients.office_id = doctors.office_id").count()).isEqualTo(1);

            verify(plan, source, target, VerifyLevel.FORENSIC);
            assertThat(java.nio.file.Files.readAllLines(dir.resolve("diff.csv")))
                    .anyMatch(l -> l.startsWith("\"orders\",\"missing\",\"5\""))
                    .anyMatch(l -> l.startsWith("\"orders\",\"changed\",\"11\"") && l.contains("\"amount\""))
                    .anyMatch(l -> l.startsWith("\"patients\",\"changed\",\"9\"") && l.contains("\"office_id\""));
        }
    }

    @Test
    void fixRepairsThroughThePlanAndUndoRestoresTheDamageExactly() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Path plan = transferredClinic(source, target);
            Database s = source.database();
            Database t = target.database();
            target.exec("DELETE FROM orders WHERE id::text = (SELECT new_key FROM ferry_id_map WHERE entity = 'orders' AND legacy_key = '5')",
                    "UPDATE orders SET amount = amount + 0.01, status = 'x' WHERE id::text = (SELECT new_key FROM ferry_id_map WHERE entity = 'orders' AND legacy_key = '11')",
                    "UPDATE patients SET notes = NULL WHERE notes IS NOT NULL AND id::text = (SELECT new_key FROM ferry_id_map WHERE entity = 'patients' AND legacy_key = '3')",
                    "UPDATE patients SET office_id = (SELECT o.id FROM offices o WHERE o.id <> patients.office_id LIMIT 1) "
                            + "WHERE id::text = (SELECT new_key FROM ferry_id_map WHERE entity = 'patients' AND legacy_key = '9')");
            String damaged = fingerprint(target);

            FixResult preview;
            try (ExpectedRows expected = ExpectedRows.open(new PlanLoader(Map.of(), transforms).load(plan), s, t, transforms)) {
                preview = new PlanFix(expected, t).fix(List.of(), true);
            }
            assertThat(preview.actions()).extracting(FixResult.Action::kind).contains("backfill tenant", "copy missing rows again", "restore changed rows");
            assertThat(fingerprint(target)).isEqualTo(damaged);

            FixResult fix;
            try (ExpectedRows expected = ExpectedRows.open(new PlanLoader(Map.of(), transforms).load(plan), s, t, transforms)) {
                fix = new PlanFix(expected, t).fix(List.of(), false);
            }
            assertThat(fix.rows()).isGreaterThanOrEqualTo(2);
            assertThat(verify(plan, source, target, VerifyLevel.RIGOROUS)).allMatch(f -> f.status() == CheckStatus.PASSED, "clean after the fix");

            new OrphanQuarantine(t).undo(fix.fixRun());
            assertThat(fingerprint(target)).isEqualTo(damaged);
        }
    }

    private static String fingerprint(TestDatabase db) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String table : List.of("orders", "patients")) {
            try (Connection c = db.database().connect("test"); Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM " + table + " t")) {
                rs.next();
                sb.append(rs.getString(1));
            }
        }
        return sb.toString();
    }

    @Test
    void integrityFindsOrphansDuplicatesUnindexedKeysAndBrokenRules() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            db.exec("CREATE TABLE clinics (id INT PRIMARY KEY, name TEXT)",
                    "CREATE TABLE visits (id INT PRIMARY KEY, clinic_id INT REFERENCES clinics (id), legacy_clinic INT, amount NUMERIC(10, 2))",
                    "INSERT INTO clinics VALUES (1, 'a'), (2, 'a'), (3, 'c')",
                    "INSERT INTO visits VALUES (1, 1, 1, 10), (2, 2, 9, -5), (3, 3, 8, 1)");
            Path rules = write(dir.resolve("rules/money.yaml"), "rules:\n  - name: no negative amounts\n    severity: error\n"
                    + "    sql: SELECT id FROM visits WHERE amount < 0\n  - name: broken\n    sql: SELECT nope FROM nowhere\n").getParent();
            List<Finding> f = new IntegrityChecker(db.database(), Map.of())
                    .check(new IntegrityOptions(List.of("visits.legacy_clinic=clinics.id"), List.of("clinics:name"), rules));
            assertThat(failed(f, "orphans", "visits.legacy_clinic -> clinics.id").sample()).containsExactlyInAnyOrder("9", "8");
            assertThat(f).anyMatch(x -> x.check().equals("orphans") && x.subject().startsWith("visits.clinic_id") && x.status() == CheckStatus.PASSED);
            assertThat(failed(f, "duplicates", "clinics:name").sample()).containsExactly("a");
            assertThat(failed(f, "foreign key indexes", "public").sample()).containsExactly("visits.clinic_id");
            assertThat(failed(f, "rule", "no negative amounts").sample()).containsExactly("2");
            assertThat(f).anyMatch(x -> x.subject().equals("broken") && x.status() == CheckStatus.NOT_RUN);
        }
    }
    @Test
    void verifyingOneRunCountsOnlyTheRowsThatRunRejected() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Path plan = transferredClinic(source, target);
            String run;
            try (Connection c = target.database().connect("test"); Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT run_id FROM ferry_transfer_runs")) {
                rs.next();
                run = rs.getString(1);
            }
            // A row another run rejected, and whose copy is not in the target.
            target.exec("DELETE FROM orders WHERE id::text = (SELECT new_key FROM ferry_id_map WHERE entity = 'orders' AND legacy_key = '3')",
                    "INSERT INTO ferry_rejects (run_id, entity, legacy_key, error) VALUES ('20200101-000000-0000', 'orders', '3', 'old')");

            try (ExpectedRows expected = ExpectedRows.open(new PlanLoader(Map.of(), transforms).load(plan), source.database(),
                    target.database(), transforms)) {
                List<Finding> everyRun = new PlanVerifier(expected, target.database()).verify(VerifyLevel.BASIC, List.of("orders"));
                List<Finding> thisRun = new PlanVerifier(expected, target.database(), null, run).verify(VerifyLevel.BASIC, List.of("orders"));

                assertThat(everyRun).allMatch(f -> f.status() == CheckStatus.PASSED, "the old reject excuses the row");
                assertThat(failed(thisRun, "completeness", "orders").message()).contains("1 missing");
            }
        }
    }

    @Test
    void afterTheSourceIsFixedTheFixAdmitsRejectedParentsAndTheChildrenRejectedBecauseOfThem() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            ClinicProject.fillSource(source, 0.002);
            source.exec("UPDATE dispatch_patient SET sex = 'X' WHERE id IN (5, 6)");
            ClinicProject.migrateTarget(target, dir);
            Path plan = ClinicProject.plan(dir, source, target);
            java.nio.file.Files.writeString(plan, java.nio.file.Files.readString(plan).replace("max_rejects: 0.1%", "max_rejects: 50%"));
            Database s = source.database();
            Database t = target.database();
            new Transfers(new PlanLoader(Map.of(), transforms).load(plan), spec -> spec.url().equals(source.url()) ? s : t, transforms,
                    dir.resolve(".ferry"), TransferListener.NONE).run(TransferOptions.DEFAULTS);
            long orders = count(source, "SELECT COUNT(*) FROM dispatch_order WHERE patient_id IN (5, 6)");
            assertThat(orders).as("patients 5 and 6 have orders").isPositive();
            assertThat(count(target, "SELECT COUNT(*) FROM ferry_rejects WHERE entity = 'patients'")).isEqualTo(2);
            assertThat(count(target, "SELECT COUNT(*) FROM ferry_rejects WHERE entity = 'orders' AND error LIKE 'parent rejected%'"))
                    .isEqualTo(orders);
            String rejected = fingerprint(target);

            source.exec("UPDATE dispatch_patient SET sex = 'F' WHERE id IN (5, 6)");
            FixResult fix;
            try (ExpectedRows expected = ExpectedRows.open(new PlanLoader(Map.of(), transforms).load(plan), s, t, transforms)) {
                fix = new PlanFix(expected, t).fix(List.of(), false);
            }
            assertThat(fix.actions()).filteredOn(a -> a.kind().equals("admit rows rejected before"))
                    .extracting(a -> a.table() + ":" + a.keys().size()).containsExactly("public.patients:2", "public.orders:" + orders);
            assertThat(count(target, "SELECT COUNT(*) FROM ferry_rejects")).isZero();
            assertThat(verify(plan, source, target, VerifyLevel.RIGOROUS)).allMatch(f -> f.status() == CheckStatus.PASSED, "clean after the fix");

            new OrphanQuarantine(t).undo(fix.fixRun());
            assertThat(fingerprint(target)).isEqualTo(rejected);
            assertThat(count(target, "SELECT COUNT(*) FROM ferry_rejects")).isEqualTo(2 + orders);
        }
    }

    @Test
    void standardLevelFindsOrphansAlongThePlanReferencesAndConstraintsNeverRebuilt() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Path plan = transferredClinic(source, target);
            assertThat(verify(plan, source, target, VerifyLevel.STANDARD)).filteredOn(f -> f.check().equals("reference"))
                    .hasSize(5).allMatch(f -> f.status() == CheckStatus.PASSED);
            // The foreign key is gone (as after a load that never rebuilt it), and a patient with it.
            target.exec("ALTER TABLE orders DROP CONSTRAINT orders_patient_id_fkey",
                    "UPDATE ferry_transfer_deferred SET restored = false WHERE name = 'orders_patient_id_fkey'",
                    "DELETE FROM patients WHERE id::text = (SELECT new_key FROM ferry_id_map WHERE entity = 'patients' AND legacy_key = "
                            + "(SELECT MIN(legacy_key) FROM ferry_id_map m JOIN orders o ON o.patient_id::text = m.new_key WHERE m.entity = 'patients'))");

            List<Finding> standard = verify(plan, source, target, VerifyLevel.STANDARD);
            assertThat(failed(standard, "reference", "orders.patient_id -> patients").sample()).isNotEmpty()
                    .allMatch(x -> x.contains("is not in public.patients"));
            assertThat(failed(standard, "constraints restored", "ferry_transfer_deferred").message())
                    .contains("foreign key orders_patient_id_fkey on public.orders").contains("ferry transfer run --resume");
        }
    }

    @Test
    void anOrphanUnderADeclaredForeignKeyIsReportedByThePlanAndTheIntegrityCheckFromOneCount() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Path plan = transferredClinic(source, target);
            // The foreign key stays declared, but a patient with orders is gone: its triggers were
            // bypassed, as a replica session or a careless restore can.
            try (Connection c = target.database().connect("test"); Statement st = c.createStatement()) {
                st.execute("SET session_replication_role = replica");
                st.executeUpdate("DELETE FROM patients WHERE id = (SELECT MIN(patient_id::text)::uuid FROM orders)");
            }
            long orphans = count(target, "SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM patients p WHERE p.id = o.patient_id)");
            assertThat(orphans).isPositive();

            OrphanCounts shared = new OrphanCounts();
            java.util.concurrent.CompletableFuture<List<Finding>> integrity = new IntegrityChecker(target.database(), Map.of(), shared)
                    .checkInBackground(IntegrityOptions.NONE);
            List<Finding> planned;
            try (ExpectedRows expected = ExpectedRows.open(new PlanLoader(Map.of(), transforms).load(plan), source.database(),
                    target.database(), transforms)) {
                planned = new PlanVerifier(expected, target.database(), dir.resolve("diff.csv"), null, shared).verify(VerifyLevel.STANDARD, List.of());
            }
            assertThat(failed(planned, "reference", "orders.patient_id -> patients").count()).isEqualTo(orphans);
            assertThat(failed(integrity.get(), "orphans", "orders.patient_id -> patients.id").count()).isEqualTo(orphans);
            assertThat(planned).filteredOn(f -> f.check().equals("reference") && !f.subject().startsWith("orders."))
                    .allMatch(f -> f.status() == CheckStatus.PASSED);
        }
    }

    private static long count(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
