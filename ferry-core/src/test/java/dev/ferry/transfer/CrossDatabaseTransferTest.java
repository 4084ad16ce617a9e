package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.ClinicData;
import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clinic example between PostgreSQL and MariaDB, both ways. */
class CrossDatabaseTransferTest {
    @TempDir
    Path dir;

    /** The example's UUID schema written for MariaDB (10.7+ has a UUID type). */
    static final String[] MARIADB_TARGET = {
        "CREATE TABLE offices (id UUID PRIMARY KEY, name VARCHAR(200) NOT NULL, address TEXT, phone VARCHAR(40), city VARCHAR(80), "
                + "created_at DATETIME(6) NOT NULL)",
        "CREATE TABLE profiles (id UUID PRIMARY KEY, email VARCHAR(254) NOT NULL, first_name VARCHAR(100), last_name VARCHAR(100), "
                + "full_name VARCHAR(201), active BOOLEAN NOT NULL, joined_at DATETIME(6) NOT NULL)",
        "CREATE TABLE doctors (id UUID PRIMARY KEY, office_id UUID NOT NULL, profile_id UUID NOT NULL, specialty VARCHAR(100), "
                + "license_number VARCHAR(40), FOREIGN KEY (office_id) REFERENCES offices (id), FOREIGN KEY (profile_id) REFERENCES profiles (id))",
        "CREATE TABLE patients (id UUID PRIMARY KEY, office_id UUID NOT NULL, doctor_id UUID NOT NULL, profile_id UUID, date_of_birth DATE, "
                + "notes TEXT, sex VARCHAR(6), CONSTRAINT patients_doctor FOREIGN KEY (doctor_id) REFERENCES doctors (id), "
                + "CONSTRAINT patients_office FOREIGN KEY (office_id) REFERENCES offices (id), INDEX patients_sex (sex))",
        "CREATE TABLE orders (id UUID PRIMARY KEY, patient_id UUID NOT NULL, amount DECIMAL(12, 2) NOT NULL CHECK (amount >= 0), "
                + "status VARCHAR(20) NOT NULL, item_count INT, currency CHAR(3), details JSON, created_at DATETIME(6) NOT NULL, "
                + "CONSTRAINT orders_patient FOREIGN KEY (patient_id) REFERENCES patients (id))"
    };

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
            try (Connection c = target.database().connect("test"); Statement st = c.createStatement()) {
                for (String ddl : MARIADB_TARGET) {
                    st.execute(ddl);
                }
            }
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
