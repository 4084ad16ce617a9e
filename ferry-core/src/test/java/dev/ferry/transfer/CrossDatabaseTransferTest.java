package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.ClinicData;
import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clinic example between PostgreSQL and MariaDB, both ways. */
class CrossDatabaseTransferTest {
    @TempDir
    Path dir;

    @Test
    void mariaDbLegacyIntoPostgres() throws Exception {
        try (TestDatabase source = TestServer.mariaDb().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            ClinicData.Counts n = ClinicProject.fillSource(source, 0.001);
            ClinicProject.migrateTarget(target, dir);
            TransferResult r = TransferEngineTest.transfers(ClinicProject.plan(dir, source, target), source, target, dir, TransferListener.NONE)
                    .run(TransferOptions.DEFAULTS);
            assertThat(r.status()).isEqualTo("completed");
            assertIntact(source, target, n, "SELECT SUM(amount * 100) FROM dispatch_order");
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM profiles WHERE active")).isEqualTo(
                    TransferEngineTest.count(source, "SELECT COUNT(*) FROM auth_user WHERE is_active"));
        }
    }

    @Test
    void postgresLegacyIntoMariaDb() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.mariaDb().create()) {
            ClinicData.Counts n = ClinicProject.fillSource(source, 0.001);
            ClinicProject.createMariaDbTarget(target);
            TransferResult r = TransferEngineTest.transfers(ClinicProject.plan(dir, source, target), source, target, dir, TransferListener.NONE)
                    .run(TransferOptions.DEFAULTS);
            assertThat(r.status()).isEqualTo("completed");
            assertIntact(source, target, n, "SELECT SUM(amount * 100)::bigint FROM dispatch_order");
            // defer_constraints dropped and rebuilt the MariaDB foreign keys and index.
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS "
                    + "WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME IN ('patients', 'orders')")).isEqualTo(3);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM information_schema.STATISTICS "
                    + "WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'patients_sex'")).isEqualTo(1);
        }
    }

    private static void assertIntact(TestDatabase source, TestDatabase target, ClinicData.Counts n, String sourceMoney) throws Exception {
        long deleted = TransferEngineTest.count(source, "SELECT COUNT(*) FROM dispatch_office WHERE deleted");
        assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM offices")).isEqualTo(n.offices() - deleted);
        assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM patients")).isEqualTo(n.patients());
        assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM orders")).isEqualTo(n.orders());
        assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM orders o LEFT JOIN patients p ON p.id = o.patient_id WHERE p.id IS NULL")).isZero();
        assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM patients p JOIN doctors d ON d.id = p.doctor_id WHERE p.office_id <> d.office_id")).isZero();
        assertThat(TransferEngineTest.count(target, "SELECT SUM(amount * 100) FROM orders")).isEqualTo(TransferEngineTest.count(source, sourceMoney));
        assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM orders WHERE currency = 'EUR' AND item_count BETWEEN 1 AND 9")).isEqualTo(n.orders());
    }
}
