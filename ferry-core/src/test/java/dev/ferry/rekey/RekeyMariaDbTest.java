package dev.ferry.rekey;

import static dev.ferry.testing.CompatClients.connect;
import static dev.ferry.testing.CompatClients.firstLong;
import static dev.ferry.testing.CompatClients.newClientReads;
import static dev.ferry.testing.CompatClients.newClientWrites;
import static dev.ferry.testing.CompatClients.oldClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.backup.BackupOptions;
import dev.ferry.examples.ClinicData;
import dev.ferry.testing.Projects;
import dev.ferry.testing.RekeyClinic;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.testing.Writers;
import dev.ferry.transfer.plan.KeyUuids;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clinic re-keyed in place on MariaDB: base-table triggers, MERGE views in {@code <db>_v1} and
 * {@code <db>_v2} databases, the primary key moved by an online rebuild, abort putting the catalog back.
 */
class RekeyMariaDbTest {
    /** Columns, indexes, constraints, triggers and routines of the test database, and the databases named after it. */
    private static final List<String> CATALOG = List.of(
            "SELECT CONCAT_WS(' ', 'column', TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, ORDINAL_POSITION, COALESCE(COLUMN_DEFAULT, '-'), "
                    + "EXTRA, COLUMN_COMMENT) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()",
            "SELECT CONCAT_WS(' ', 'index', TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME) FROM information_schema.STATISTICS "
                    + "WHERE TABLE_SCHEMA = DATABASE()",
            "SELECT CONCAT_WS(' ', 'constraint', k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, COALESCE(k.REFERENCED_TABLE_NAME, '-'), "
                    + "COALESCE(k.REFERENCED_COLUMN_NAME, '-')) FROM information_schema.KEY_COLUMN_USAGE k WHERE k.TABLE_SCHEMA = DATABASE()",
            "SELECT CONCAT_WS(' ', 'trigger', TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()",
            "SELECT CONCAT_WS(' ', 'routine', ROUTINE_NAME) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()",
            "SELECT CONCAT_WS(' ', 'table', TABLE_NAME, TABLE_TYPE) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
            "SELECT CONCAT('database ', SCHEMA_NAME) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE CONCAT(DATABASE(), '\\_%')");

    @TempDir
    Path dir;

    private static String catalog(TestDatabase db) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement()) {
            for (String sql : CATALOG) {
                try (ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            }
        }
        lines.sort(null);
        return String.join("\n", lines);
    }

    private static TestDatabase mariaDb() {
        return TestServer.mariaDb().create();
    }

    /** Drops the compatibility databases a test left (abort and contract drop them themselves). */
    private static void dropCompat(TestDatabase db) throws SQLException {
        db.exec("DROP DATABASE IF EXISTS `" + db.name() + "_v1`", "DROP DATABASE IF EXISTS `" + db.name() + "_v2`");
    }

    /** The old client's SQL, and a read of a table outside the plan, which the v1 database passes through. */
    private static long oldClientWithSettings(Connection c, int newOrder) throws SQLException {
        assertThat(firstLong(c, "SELECT count(*) FROM clinic_setting WHERE name = 'currency'")).isEqualTo(1);
        return oldClient(c, newOrder);
    }

    @Test
    void theServersKeyFunctionIsTheTransfersKeyUuids() throws Exception {
        try (TestDatabase db = mariaDb()) {
            RekeyClinic.rekeys(db, dir).expand(ExpandOptions.DEFAULTS);
            try (Connection c = db.database().connect("test"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT ferry_key_uuid('orders', '42'), ferry_key_uuid('caf\u00e9', '-7'), ferry_key_uuid('orders', 42)")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(KeyUuids.of("orders", "42").toString());
                assertThat(rs.getString(2)).isEqualTo(KeyUuids.of("caf\u00e9", "-7").toString());
                assertThat(rs.getString(3)).as("an integer argument").isEqualTo(KeyUuids.of("orders", "42").toString());
            }
        }
    }

    @Test
    void expandGivesEveryRowItsUuidAndKeepsOldAndNewWritersInStep() throws Exception {
        try (TestDatabase db = mariaDb()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            assertThat(rekeys.analyze().tables()).allSatisfy(t -> assertThat(t.locks()).anyMatch(l -> l.step().contains("LOCK=NONE")));
            ExpandResult dry = rekeys.expand(ExpandOptions.DEFAULTS.withDryRun(true));
            assertThat(dry.statements()).anyMatch(s -> s.startsWith("SET STATEMENT foreign_key_checks = 0 FOR ALTER TABLE"))
                    .anyMatch(s -> s.contains("ADD UNIQUE INDEX IF NOT EXISTS") && s.endsWith("ALGORITHM=INPLACE, LOCK=NONE"));
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                    + "AND COLUMN_NAME LIKE '%\\_uuid'")).as("a dry run adds nothing").isZero();

            ExpandResult result = rekeys.expand(ExpandOptions.DEFAULTS);

            assertThat(result.tables()).extracting(ExpandResult.TableExpanded::rowsBackfilled).allSatisfy(n -> assertThat(n).isPositive());
            assertThat(RekeyClinic.mismatches(db)).isEmpty();
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM ferry_rekey_saved WHERE kind = 'validated'")).isEqualTo(5);
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                    + "AND INDEX_NAME LIKE 'ferry\\_%\\_uuid\\_key' AND NON_UNIQUE = 0")).isEqualTo(5);
            assertThat(rekeys.status().tables()).allSatisfy(t -> assertThat(t.phase()).isEqualTo("expanded"));

            String patient = KeyUuids.of("patients", "3").toString();
            db.exec("INSERT INTO dispatch_order (id, patient_id, amount, status, created_at) VALUES (90001, 2, 10, 'new', now())",
                    "INSERT INTO dispatch_order (id, patient_id_uuid, amount, status, created_at) VALUES (90002, '" + patient + "', 11, 'new', now())",
                    "UPDATE dispatch_order SET patient_id = 4 WHERE id = 1",
                    "UPDATE dispatch_order SET patient_id_uuid = '" + patient + "' WHERE id = 2");
            assertThat(RekeyClinic.mismatches(db)).isEmpty();
            assertThat(RekeyClinic.count(db, "SELECT patient_id FROM dispatch_order WHERE id = 90002")).isEqualTo(3);
            assertThat(RekeyClinic.count(db, "SELECT patient_id FROM dispatch_order WHERE id = 2")).isEqualTo(3);
            assertThatThrownBy(() -> db.exec("INSERT INTO dispatch_order (id, patient_id_uuid, amount, status, created_at) VALUES (90003, '"
                    + KeyUuids.of("patients", "999999") + "', 1, 'new', now())")).isInstanceOf(SQLException.class).hasMessageContaining("no row with UUID");
            assertThatThrownBy(() -> db.exec("UPDATE dispatch_office SET id_uuid = '" + KeyUuids.of("offices", "77") + "' WHERE id = 1"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("is not the UUID of key");

            assertThat(rekeys.expand(ExpandOptions.DEFAULTS).tables()).as("a second run finds everything done")
                    .allSatisfy(t -> assertThat(t.rowsBackfilled()).isZero());
        }
    }

    @Test
    void oldSqlWorksThroughV1AndNewSqlThroughV2AfterExpandSwitchAndContract() throws Exception {
        try (TestDatabase db = mariaDb(); Ferry ferry = Ferry.of(Projects.settings(dir, db))) {
            try {
                ClinicData.create(db.database(), 0.0005);
                Rekeys rekeys = ferry.rekeys(RekeyClinic.plan(dir));
                long patientOfFirstOrder = RekeyClinic.count(db, "SELECT patient_id FROM dispatch_order WHERE id = 1");
                String patientUuid = KeyUuids.of("patients", String.valueOf(patientOfFirstOrder)).toString();

                db.exec("CREATE TABLE clinic_setting (name VARCHAR(40) PRIMARY KEY, value TEXT) ENGINE=InnoDB",
                        "INSERT INTO clinic_setting VALUES ('currency', 'EUR')");
                rekeys.expand(ExpandOptions.DEFAULTS);
                CompatResult compat = rekeys.compat(false);
                assertThat(compat.schemas()).containsExactly(db.name() + "_v1", db.name() + "_v2");
                assertThat(rekeys.compatUrl("v1")).contains("/" + db.name() + "_v1").endsWith("connectionAttributes=program_name:ferry-compat-v1");
                try (Connection v1 = connect(db, rekeys, "v1"); Connection v2 = connect(db, rekeys, "v2")) {
                    assertThat(oldClientWithSettings(v1, 80001)).isEqualTo(patientOfFirstOrder);
                    assertThat(newClientReads(v2)).isEqualTo(patientUuid);
                    assertThatThrownBy(() -> newClientWrites(v2)).isInstanceOf(SQLException.class);
                }

                rekeys.switchKeys(false);
                assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() "
                        + "AND TABLE_NAME = 'dispatch_order' AND CONSTRAINT_NAME = 'PRIMARY' AND COLUMN_NAME = 'id_uuid'")).isEqualTo(1);
                assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() "
                        + "AND CONSTRAINT_NAME NOT LIKE 'ferry\\_%'")).as("only the UUID foreign keys are enforced").isZero();
                assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                        + "AND TABLE_NAME = 'dispatch_order' AND COLUMN_NAME = 'id' AND IS_NULLABLE = 'YES' "
                        + "AND COLUMN_COMMENT LIKE 'deprecated by ferry rekey: use id\\_uuid%'")).isEqualTo(1);
                try (Connection v1 = connect(db, rekeys, "v1"); Connection v2 = connect(db, rekeys, "v2")) {
                    assertThat(oldClientWithSettings(v1, 80002)).isEqualTo(patientOfFirstOrder);
                    assertThat(newClientReads(v2)).isEqualTo(patientUuid);
                    newClientWrites(v2);
                    assertThat(firstLong(v1, "SELECT count(*) FROM dispatch_order WHERE status = 'shipped' AND id IS NULL AND patient_id = 3"))
                            .as("the new client's row, seen by the old one").isEqualTo(1);
                    assertThatThrownBy(() -> v1.createStatement().executeUpdate("INSERT INTO dispatch_order (id, patient_id, amount, status, "
                            + "created_at) VALUES (1, 2, 10, 'new', now())")).hasMessageContaining("Duplicate entry");
                }
                assertThat(RekeyClinic.mismatches(db)).isEmpty();

                try (Connection v1 = connect(db, rekeys, "v1")) {
                    firstLong(v1, "SELECT count(*) FROM dispatch_order");
                    assertThatThrownBy(() -> rekeys.contract(ContractOptions.DEFAULTS.withQuietFor(Duration.ZERO)))
                            .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY))
                            .hasMessageContaining("used v1");
                    CompatReport report = rekeys.compatReport(Duration.ofHours(24));
                    assertThat(report.clients()).singleElement().satisfies(client -> {
                        assertThat(client.version()).isEqualTo("v1");
                        assertThat(client.user()).isEqualTo(db.user());
                        assertThat(client.application()).isEqualTo("ferry-compat-v1");
                    });
                    assertThat(report.objects()).extracting(CompatReport.DeprecatedObject::object)
                            .contains(db.name() + "_v1.dispatch_order", db.name() + ".dispatch_order.patient_id");
                    assertThat(report.safeToRemove()).isFalse();
                }
                ferry.backups().backup(BackupOptions.DEFAULTS);
                ContractResult contracted = rekeys.contract(ContractOptions.DEFAULTS.withQuietFor(Duration.ZERO));

                assertThat(contracted.joins()).hasSize(5).allSatisfy(j -> assertThat(j.costAfter()).isPositive());
                assertThat(RekeyClinic.count(db, "SELECT count(*) FROM ferry_id_map WHERE entity = 'orders' AND legacy_key = 1 AND uuid = '"
                        + KeyUuids.of("orders", "1") + "'")).isEqualTo(1);
                assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                        + "AND COLUMN_NAME IN ('id', 'office_id', 'user_id', 'doctor_id', 'patient_id')")).isZero();
                assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + db.name() + "_v1'"))
                        .isZero();
                assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()")).isZero();
                try (Connection v2 = connect(db, rekeys, "v2"); Statement st = v2.createStatement()) {
                    long orders = firstLong(v2, "SELECT count(*) FROM dispatch_order");
                    st.executeUpdate("INSERT INTO dispatch_order (patient_id, amount, status, created_at) VALUES ('" + KeyUuids.of("patients", "2")
                            + "', 3.00, 'new', now())");
                    assertThat(newClientReads(v2)).isEqualTo(patientUuid);
                    assertThat(firstLong(v2, "SELECT count(*) FROM dispatch_order o JOIN dispatch_patient p ON p.id = o.patient_id"))
                            .isEqualTo(orders + 1);
                }
            } finally {
                dropCompat(db);
            }
        }
    }

    @Test
    void abortAfterExpandGivesBackTheCatalogAsItWas() throws Exception {
        try (TestDatabase db = mariaDb()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            String before = catalog(db);
            rekeys.expand(ExpandOptions.DEFAULTS);
            rekeys.compat(false);
            assertThat(catalog(db)).isNotEqualTo(before);

            rekeys.abort(false);

            assertThat(catalog(db)).isEqualTo(before);
            assertThat(rekeys.status().tables()).allSatisfy(t -> assertThat(t.phase()).isEqualTo("not started"));
        }
    }

    @Test
    void abortAfterSwitchGivesBackTheCatalogAndKeepsTheRowsWrittenMeanwhile() throws Exception {
        try (TestDatabase db = mariaDb()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            db.exec("ALTER TABLE dispatch_order MODIFY id INT NOT NULL COMMENT 'the order number'");
            String before = catalog(db);
            rekeys.expand(ExpandOptions.DEFAULTS);
            rekeys.compat(false);
            rekeys.switchKeys(false);
            db.exec("INSERT INTO dispatch_order (id, patient_id, amount, status, created_at) VALUES (90001, 2, 10, 'new', now())");

            rekeys.abort(false);

            assertThat(catalog(db)).isEqualTo(before);
            assertThat(RekeyClinic.count(db, "SELECT patient_id FROM dispatch_order WHERE id = 90001")).isEqualTo(2);
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM dispatch_order")).isEqualTo(1501);
        }
    }

    @Test
    void aSwitchKilledAfterItsDdlBeforeItsRecordRunsAgainCleanlyAndAbortStillRestoresTheCatalog() throws Exception {
        try (TestDatabase db = mariaDb()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            String before = catalog(db);
            rekeys.expand(ExpandOptions.DEFAULTS);
            rekeys.switchKeys(false);
            String switched = catalog(db);
            // DDL commits statement by statement here: the worst interruption leaves every change made and none recorded.
            db.exec("UPDATE ferry_rekey SET phase = 'expanded'");

            SwitchResult again = rekeys.switchKeys(false);

            assertThat(again.verified()).isTrue();
            assertThat(catalog(db)).isEqualTo(switched);
            assertThat(rekeys.status().tables()).allSatisfy(t -> assertThat(t.phase()).isEqualTo("switched"));
            rekeys.abort(false);
            assertThat(catalog(db)).isEqualTo(before);
        }
    }

    @Test
    void anOldAndANewWriterLoseNothingDuringExpandAndSwitch() throws Exception {
        try (TestDatabase db = mariaDb()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            Writers writers = Writers.start(stop -> write(db, stop, 100_000, false), stop -> write(db, stop, 200_000, true));
            rekeys.expand(new ExpandOptions(20, 3000, false));
            rekeys.switchKeys(false);
            List<long[]> counts = writers.stop();
            long[] byOld = counts.get(0);
            long[] byNew = counts.get(1);

            assertThat(byOld[0]).as("old client inserts").isPositive();
            assertThat(byNew[0]).as("new client inserts").isPositive();
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM dispatch_order")).isEqualTo(1500 + byOld[0] + byNew[0] - byOld[1] - byNew[1]);
            assertThat(RekeyClinic.mismatches(db)).isEmpty();
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM dispatch_order WHERE id_uuid IS NULL OR patient_id_uuid IS NULL")).isZero();
            assertThat(rekeys.status().tables()).allSatisfy(t -> assertThat(t.phase()).isEqualTo("switched"));
        }
    }

    /**
     * Inserts and deletes orders until told to stop, by integer patient or (once expand added the column) by UUID;
     * retries a statement InnoDB chose as a deadlock victim, as an application would. Returns {inserted, deleted}.
     */
    private static long[] write(TestDatabase db, AtomicBoolean stop, int firstId, boolean byUuid) throws Exception {
        long inserted = 0;
        long deleted = 0;
        try (Connection c = db.database().connect("writer"); Statement st = c.createStatement()) {
            for (int id = firstId; !stop.get(); id++) {
                int patient = 1 + id % 400;
                boolean uuidReady = byUuid && RekeyClinic.count(db, "SELECT count(*) FROM information_schema.TRIGGERS "
                        + "WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME = 'ferry_rekey_dispatch_order_ins'") > 0;
                String insert = uuidReady
                        ? "INSERT INTO dispatch_order (id, patient_id_uuid, amount, status, created_at) VALUES (" + id + ", '"
                                + KeyUuids.of("patients", String.valueOf(patient)) + "', 7, 'new', now())"
                        : "INSERT INTO dispatch_order (id, patient_id, amount, status, created_at) VALUES (" + id + ", " + patient + ", 7, 'new', now())";
                inserted += retried(st, insert);
                if (id % 3 == 0) {
                    deleted += retried(st, "DELETE FROM dispatch_order WHERE id = " + (id - 1));
                }
            }
        }
        return new long[] {inserted, deleted};
    }

    private static int retried(Statement st, String sql) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try {
                return st.executeUpdate(sql);
            } catch (SQLException e) {
                if (e.getErrorCode() != 1213 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    @Test
    void anAutoIncrementKeyBlocksExpand() throws Exception {
        try (TestDatabase db = mariaDb()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            db.exec("ALTER TABLE dispatch_office MODIFY id INT NOT NULL AUTO_INCREMENT");

            assertThat(rekeys.analyze().blockers()).anyMatch(b -> b.blocks().equals("expand") && b.problem().contains("AUTO_INCREMENT"));
            assertThatThrownBy(() -> rekeys.expand(ExpandOptions.DEFAULTS))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code().exitCode()).isEqualTo(3));
        }
    }
}
