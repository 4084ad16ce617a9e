package dev.ferry.rekey;

import static dev.ferry.testing.CompatClients.connect;
import static dev.ferry.testing.CompatClients.firstLong;
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
import dev.ferry.transfer.plan.KeyUuids;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Usage of v1 is tracked and reported; contract waits for it to stop and for a backup, then drops the integer forms for good. */
class RekeyContractTest {
    private static final ContractOptions QUIET_NOW = ContractOptions.DEFAULTS.withQuietFor(Duration.ZERO);

    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return RekeyClinic.postgres();
    }

    private static void assertRefused(Rekeys rekeys, ContractOptions options, String message) {
        assertThatThrownBy(() -> rekeys.contract(options)).isInstanceOfSatisfying(FerryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY)).hasMessageContaining(message);
    }

    private Rekeys switched(Ferry ferry, TestDatabase db) throws Exception {
        ClinicData.create(db.database(), 0.0005);
        Rekeys rekeys = ferry.rekeys(RekeyClinic.plan(dir));
        rekeys.expand(ExpandOptions.DEFAULTS);
        rekeys.compat(false);
        rekeys.switchKeys(false);
        return rekeys;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void watchSeesAV1ClientAndTheReportNamesItAsTheLastUserOfEveryDeprecatedObject(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(dir, db))) {
            Rekeys rekeys = switched(ferry, db);
            assertThat(rekeys.compatUrl("v1")).contains("currentSchema=public_v1,public").contains("ApplicationName=ferry-compat-v1");
            CompatWatchResult watched;
            List<Integer> samples = new ArrayList<>();
            try (Connection v1 = connect(db, rekeys, "v1")) {
                assertThat(firstLong(v1, "SELECT count(*) FROM dispatch_order WHERE id = 1")).isEqualTo(1);
                watched = rekeys.watch(Duration.ofMillis(100), Duration.ofMillis(250), seen -> samples.add(seen.size()));
            }

            assertThat(watched.samples()).isGreaterThanOrEqualTo(2).isEqualTo(samples.size());
            assertThat(watched.clients()).singleElement().satisfies(client -> {
                assertThat(client.version()).isEqualTo("v1");
                assertThat(client.user()).isEqualTo(db.user());
                assertThat(client.application()).isEqualTo("ferry-compat-v1");
                assertThat(client.lastQuery()).contains("dispatch_order");
            });
            CompatReport report = rekeys.compatReport(Duration.ofHours(24));
            assertThat(report.clients()).extracting(CompatClient::application).containsExactly("ferry-compat-v1");
            assertThat(report.objects()).extracting(CompatReport.DeprecatedObject::object)
                    .contains("public_v1.dispatch_order", "public.dispatch_order.id", "public.dispatch_order.patient_id");
            assertThat(report.objects()).allSatisfy(o -> {
                assertThat(o.lastUse().application()).isEqualTo("ferry-compat-v1");
                assertThat(o.safeToRemove()).isFalse();
            });
            assertThat(rekeys.compatReport(Duration.ZERO).safeToRemove()).as("nobody connected now, quiet for 0s").isTrue();
            assertThat(rekeys.status().clients()).extracting(CompatClient::version).containsExactly("v1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void contractWaitsForV1ToGoQuietAndForABackupThenKeepsOnlyTheUuidsAndTheIdMap(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(dir, db))) {
            Rekeys rekeys = switched(ferry, db);
            long orders = RekeyClinic.count(db, "SELECT count(*) FROM dispatch_order");
            long keys = RekeyClinic.count(db, "SELECT (SELECT count(*) FROM dispatch_office) + (SELECT count(*) FROM auth_user) "
                    + "+ (SELECT count(*) FROM dispatch_doctor) + (SELECT count(*) FROM dispatch_patient) + (SELECT count(*) FROM dispatch_order)");
            try (Connection v1 = connect(db, rekeys, "v1")) {
                firstLong(v1, "SELECT count(*) FROM dispatch_order");
                assertRefused(rekeys, QUIET_NOW, "application 'ferry-compat-v1'");
            }
            assertRefused(rekeys, ContractOptions.DEFAULTS, "used v1 within 24h");
            assertRefused(rekeys, QUIET_NOW, "No backup of the whole environment was taken after the switch");
            Rekeys guarded = new Rekeys(rekeys.plan(), db::database, dir.resolve(".ferry"), () -> ferry.backups().archives(), true);
            assertRefused(guarded, QUIET_NOW, "run 'ferry rekey contract --confirm'");
            assertRefused(guarded, QUIET_NOW.withConfirmed(true), "No backup");

            ferry.backups().backup(BackupOptions.DEFAULTS);
            ContractResult dry = rekeys.contract(QUIET_NOW.withDryRun(true));
            assertThat(dry.statements()).anyMatch(s -> s.contains("DROP COLUMN IF EXISTS \"patient_id\""));
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'dispatch_order' "
                    + "AND column_name = 'patient_id'")).as("a dry run drops nothing").isEqualTo(1);

            ContractResult result = rekeys.contract(QUIET_NOW);

            assertThat(result.idMapRows()).isEqualTo(keys);
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM ferry_id_map WHERE entity = 'orders' AND legacy_key = 1 AND uuid = '"
                    + KeyUuids.of("orders", "1") + "'")).isEqualTo(1);
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' "
                    + "AND table_name IN ('dispatch_office', 'auth_user', 'dispatch_doctor', 'dispatch_patient', 'dispatch_order') "
                    + "AND column_name IN ('id', 'office_id', 'user_id', 'doctor_id', 'patient_id')")).isZero();
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'public_v1'")).isZero();
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'ferry\\_rekey\\_%'")).isZero();
            assertThat(result.joins()).hasSize(5).allSatisfy(j -> assertThat(j.costAfter()).isPositive());
            assertThat(rekeys.status().tables()).allSatisfy(t -> assertThat(t.phase()).isEqualTo("contracted"));

            try (Connection v2 = connect(db, rekeys, "v2"); Statement st = v2.createStatement()) {
                st.executeUpdate("INSERT INTO dispatch_order (patient_id, amount, status, created_at) VALUES ('" + KeyUuids.of("patients", "2")
                        + "', 3.00, 'new', now())");
                assertThat(firstLong(v2, "SELECT count(*) FROM dispatch_order o JOIN dispatch_patient p ON p.id = o.patient_id")).isEqualTo(orders + 1);
            }
            assertThat(rekeys.contract(QUIET_NOW).alreadyContracted()).isTrue();
            assertThatThrownBy(() -> rekeys.abort(false)).hasMessageContaining("abort cannot bring them back");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void contractRefusesWhenAUuidNoLongerMatchesItsIntegerAndDropsNothing(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(dir, db))) {
            Rekeys rekeys = switched(ferry, db);
            String otherPatient = KeyUuids.of("patients", "2").toString();
            // Past the sync trigger, as a manual fix would: the reference still exists, but is not its integer's.
            db.exec("SET session_replication_role = replica",
                    "UPDATE dispatch_order SET patient_id_uuid = '" + otherPatient + "' WHERE id = 3 AND patient_id <> 2");
            ferry.backups().backup(BackupOptions.DEFAULTS);

            assertThatThrownBy(() -> rekeys.contract(QUIET_NOW)).isInstanceOfSatisfying(FerryException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED)).hasMessageContaining("row id = 3");

            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' "
                    + "AND table_name = 'dispatch_order' AND column_name = 'patient_id'")).as("nothing dropped").isEqualTo(1);
            assertThat(rekeys.status().tables()).allSatisfy(t -> assertThat(t.phase()).isEqualTo("switched"));
        }
    }
}
