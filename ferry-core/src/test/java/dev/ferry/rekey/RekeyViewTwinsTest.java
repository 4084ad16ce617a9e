package dev.ferry.rekey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.Ferry;
import dev.ferry.backup.BackupOptions;
import dev.ferry.examples.ClinicData;
import dev.ferry.testing.Projects;
import dev.ferry.testing.RekeyClinic;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.plan.KeyUuids;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Views over the integer columns get twins over the UUIDs at switch, take their place at contract, and go again at abort. */
class RekeyViewTwinsTest {
    /** Joins on keys (carried), a view over it (carried through it), a key compared with a number (not carried), a materialized view. */
    private static final String[] VIEWS = {
        "CREATE VIEW order_patients AS SELECT o.id, o.amount, p.id AS patient, p.sex FROM dispatch_order o JOIN dispatch_patient p ON p.id = o.patient_id",
        "CREATE VIEW patient_orders AS SELECT patient, count(*) AS orders FROM order_patients GROUP BY patient",
        "CREATE VIEW early_orders AS SELECT id, amount FROM dispatch_order WHERE id < 100",
        "CREATE MATERIALIZED VIEW doctor_patients AS SELECT doctor_id, count(*) AS patients FROM dispatch_patient GROUP BY doctor_id",
        "CREATE UNIQUE INDEX doctor_patients_doctor ON doctor_patients (doctor_id)",
        "COMMENT ON VIEW order_patients IS 'orders with their patient'",
        "GRANT SELECT ON order_patients TO PUBLIC"};

    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return RekeyClinic.postgres();
    }

    private Rekeys withViews(TestDatabase db) throws Exception {
        Rekeys rekeys = RekeyClinic.rekeys(db, dir);
        db.exec(VIEWS);
        return rekeys;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void analyzeSaysWhichViewsTheSwitchRewritesAndWhichStayBlockers(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Rekeys rekeys = withViews(db);
            String before = RekeyClinic.text(db, "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relkind IN ('v', 'm')");

            RekeyAnalysis analysis = rekeys.analyze();

            List<RekeyAnalysis.Dependent> views = analysis.tables().stream().flatMap(t -> t.dependents().stream())
                    .filter(d -> d.kind().endsWith("view")).toList();
            assertThat(views).filteredOn(d -> d.name().equals("order_patients"))
                    .allSatisfy(d -> assertThat(d.followed()).isTrue()).allSatisfy(d -> assertThat(d.detail()).startsWith("rewritten by switch"));
            assertThat(views).filteredOn(d -> d.name().equals("patient_orders")).singleElement()
                    .satisfies(d -> assertThat(d.followed()).isTrue());
            assertThat(views).filteredOn(d -> d.name().equals("doctor_patients")).singleElement()
                    .satisfies(d -> assertThat(d.kind()).isEqualTo("materialized view")).satisfies(d -> assertThat(d.followed()).isTrue());
            assertThat(views).filteredOn(d -> d.name().equals("early_orders")).singleElement()
                    .satisfies(d -> assertThat(d.detail()).startsWith("blocker").contains("operator does not exist: uuid < integer"));
            assertThat(analysis.blockers()).extracting(RekeyAnalysis.Blocker::object).containsExactly("early_orders");
            assertThat(analysis.clearFor("switch")).isTrue();
            assertThat(RekeyClinic.text(db, "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relkind IN ('v', 'm')"))
                    .as("the trial leaves nothing").isEqualTo(before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void switchGivesEachViewATwinOverTheUuidsAndContractPutsTheTwinInItsPlace(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(dir, db))) {
            ClinicData.create(db.database(), 0.0005);
            db.exec(VIEWS);
            Rekeys rekeys = ferry.rekeys(RekeyClinic.plan(dir));
            rekeys.expand(ExpandOptions.DEFAULTS);
            String order = RekeyClinic.text(db, "SELECT id || ',' || patient FROM order_patients ORDER BY id LIMIT 1");
            String[] ids = order.split(",");

            SwitchResult switched = rekeys.switchKeys(false);

            assertThat(switched.views()).extracting(SwitchResult.ViewTwin::view, SwitchResult.ViewTwin::twin).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("order_patients", "public_v2.order_patients"),
                    org.assertj.core.groups.Tuple.tuple("doctor_patients", "public_v2.doctor_patients"),
                    org.assertj.core.groups.Tuple.tuple("early_orders", null),
                    org.assertj.core.groups.Tuple.tuple("patient_orders", "public_v2.patient_orders"));
            String uuidOrder = KeyUuids.of("orders", ids[0]).toString();
            String uuidPatient = KeyUuids.of("patients", ids[1]).toString();
            assertThat(RekeyClinic.text(db, "SELECT patient::text FROM public_v2.order_patients WHERE id = '" + uuidOrder + "'")).isEqualTo(uuidPatient);
            assertThat(RekeyClinic.text(db, "SELECT orders::text FROM public_v2.patient_orders WHERE patient = '" + uuidPatient + "'"))
                    .isEqualTo(RekeyClinic.text(db, "SELECT orders::text FROM patient_orders WHERE patient = " + ids[1]));
            assertThat(RekeyClinic.text(db, "SELECT patients::text FROM public_v2.doctor_patients WHERE doctor_id = '" + KeyUuids.of("doctors", "1") + "'"))
                    .isEqualTo(RekeyClinic.text(db, "SELECT patients::text FROM doctor_patients WHERE doctor_id = 1"));
            assertThat(RekeyClinic.text(db, "SELECT patient::text FROM order_patients WHERE id = " + ids[0])).as("v1 keeps the view as it was").isEqualTo(ids[1]);

            db.exec("DROP VIEW early_orders", "DROP VIEW public_v2.patient_orders", "DROP VIEW patient_orders");
            ferry.backups().backup(BackupOptions.DEFAULTS);
            rekeys.contract(ContractOptions.DEFAULTS.withQuietFor(Duration.ZERO));

            assertThat(RekeyClinic.text(db, "SELECT patient::text FROM public.order_patients WHERE id = '" + uuidOrder + "'")).isEqualTo(uuidPatient);
            assertThat(RekeyClinic.text(db, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'public.order_patients'::regclass "
                    + "AND attname = 'patient'")).isEqualTo("uuid");
            assertThat(RekeyClinic.text(db, "SELECT to_regclass('public.patient_orders')::text")).as("a view dropped since the switch stays dropped").isNull();
            assertThat(RekeyClinic.text(db, "SELECT obj_description('public.order_patients'::regclass, 'pg_class')")).isEqualTo("orders with their patient");
            assertThat(RekeyClinic.text(db, "SELECT has_table_privilege('public', 'public.order_patients', 'SELECT')::text")).isEqualTo("true");
            assertThat(RekeyClinic.text(db, "SELECT indexdef FROM pg_indexes WHERE indexname = 'doctor_patients_doctor'")).contains("UNIQUE").contains("public.doctor_patients");
            assertThat(RekeyClinic.text(db, "SELECT patients::text FROM public.doctor_patients WHERE doctor_id = '" + KeyUuids.of("doctors", "1") + "'"))
                    .isNotNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void abortAfterSwitchDropsTheTwinsAndLeavesTheViewsAsTheyWere(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Rekeys rekeys = withViews(db);
            String views = "SELECT string_agg(n.nspname || '.' || c.relname || ' ' || pg_get_viewdef(c.oid), E'\\n' ORDER BY 1) FROM pg_class c "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')";
            String before = RekeyClinic.text(db, views);
            rekeys.expand(ExpandOptions.DEFAULTS);
            rekeys.switchKeys(false);
            assertThat(RekeyClinic.text(db, views)).contains("public_v2.order_patients");

            rekeys.abort(false);

            assertThat(RekeyClinic.text(db, views)).isEqualTo(before);
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'public_v2'")).isZero();
        }
    }
}
