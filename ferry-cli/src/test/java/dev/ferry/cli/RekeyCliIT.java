package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.ClinicData;
import dev.ferry.testing.RekeyClinic;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.db.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rekey phases through the real CLI: output, exit codes and refusals. */
class RekeyCliIT {
    @TempDir
    Path project;

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(project, Map.of(), args);
    }

    @Test
    void analyzeExpandCompatSwitchAndAbortThroughTheCli() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            ClinicData.create(db.database(), 0.0005);
            Files.writeString(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + db.url() + "\n    user: postgres\n");
            RekeyClinic.plan(project);

            CliProcess.Result analyze = ferry("rekey", "analyze", "--format", "markdown");
            assertThat(analyze.exitCode()).as(analyze.all()).isZero();
            assertThat(analyze.stdout()).contains("# Rekey analysis of").contains("| foreign key |").contains("## Blockers");

            CliProcess.Result tooEarly = ferry("rekey", "switch");
            assertThat(tooEarly.exitCode()).as(tooEarly.all()).isEqualTo(5);
            assertThat(tooEarly.stderr()).contains("not expanded; run 'ferry rekey expand'");
            CliProcess.Result compatTooEarly = ferry("compat", "create");
            assertThat(compatTooEarly.exitCode()).as(compatTooEarly.all()).isEqualTo(5);

            assertThat(ferry("rekey", "expand", "-q").exitCode()).isZero();
            CliProcess.Result compat = ferry("compat", "create");
            assertThat(compat.exitCode()).as(compat.all()).isZero();
            assertThat(compat.stdout()).contains("Created 10 view(s) in public_v1 and public_v2");
            assertThat(ferry("compat", "url", "--version", "v1").stdout().strip()).endsWith("currentSchema=public_v1,public&ApplicationName=ferry-compat-v1");
            assertThat(ferry("compat", "url", "--version", "v3").exitCode()).isEqualTo(2);

            CliProcess.Result switched = ferry("rekey", "switch");
            assertThat(switched.exitCode()).as(switched.all()).isZero();
            assertThat(switched.stdout()).contains("verification clean").contains("dispatch_order");
            assertThat(ferry("rekey", "status").stdout()).contains("switched");

            CliProcess.Result aborted = ferry("rekey", "abort");
            assertThat(aborted.exitCode()).as(aborted.all()).isZero();
            assertThat(aborted.stdout()).contains("have their integer keys back");
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.columns WHERE column_name LIKE '%\\_uuid'")).isZero();
            assertThat(project.resolve(".ferry/reports").toFile().list()).anyMatch(f -> f.endsWith("-rekey-switch.json"))
                    .anyMatch(f -> f.endsWith("-rekey-abort.json")).anyMatch(f -> f.endsWith("-rekey-compat.json"));
        }
    }

    @Test
    void contractIsRefusedWhileAV1ClientIsSeenAndWithoutABackupThenDropsTheIntegerColumns() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            ClinicData.create(db.database(), 0.0005);
            Files.writeString(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + db.url() + "\n    user: postgres\n");
            RekeyClinic.plan(project);
            assertThat(ferry("rekey", "expand", "-q").exitCode()).isZero();
            assertThat(ferry("compat", "create", "-q").exitCode()).isZero();
            assertThat(ferry("rekey", "switch", "-q").exitCode()).isZero();
            String v1Url = ferry("compat", "url", "--version", "v1").stdout().strip();

            try (Connection v1 = new Database(v1Url, db.user(), db.password(), 10).connect("old application");
                 Statement st = v1.createStatement()) {
                st.executeQuery("SELECT count(*) FROM dispatch_order").close();
                CliProcess.Result watch = ferry("compat", "watch", "--interval", "200ms", "--for", "600ms");
                assertThat(watch.exitCode()).as(watch.all()).isZero();
                assertThat(watch.stdout()).contains("v1  user postgres with application 'ferry-compat-v1'");
                CliProcess.Result refused = ferry("rekey", "contract", "--quiet-for", "0s");
                assertThat(refused.exitCode()).as(refused.all()).isEqualTo(5);
                assertThat(refused.stderr()).contains("used v1").contains("application 'ferry-compat-v1'");
            }
            CliProcess.Result report = ferry("compat", "report", "--format", "markdown");
            assertThat(report.exitCode()).as(report.all()).isZero();
            assertThat(report.stdout()).contains("| public_v1.dispatch_order | v1 view | user postgres with application 'ferry-compat-v1'")
                    .contains("| public.dispatch_order.patient_id | integer foreign key |");
            assertThat(ferry("rekey", "status").stdout()).contains("ferry-compat-v1");

            CliProcess.Result noBackup = ferry("rekey", "contract", "--quiet-for", "0s");
            assertThat(noBackup.exitCode()).as(noBackup.all()).isEqualTo(5);
            assertThat(noBackup.stderr()).contains("take one with 'ferry backup' first");
            assertThat(ferry("backup", "-q").exitCode()).isZero();
            CliProcess.Result contracted = ferry("rekey", "contract", "--quiet-for", "0s");
            assertThat(contracted.exitCode()).as(contracted.all()).isZero();
            assertThat(contracted.stdout()).contains("Contracted (run").contains("dispatch_order.patient_id -> dispatch_patient");
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' "
                    + "AND table_name = 'dispatch_order' AND column_name IN ('id', 'patient_id')")).isZero();
            assertThat(ferry("rekey", "status").stdout()).contains("contracted");
            assertThat(project.resolve(".ferry/reports").toFile().list()).anyMatch(f -> f.endsWith("-rekey-contract.json"))
                    .anyMatch(f -> f.endsWith("-compat-watch.json"));
        }
    }

    @Test
    void onMariaDbExpandCompatSwitchAndAbortThroughTheCli() throws Exception {
        try (TestDatabase db = TestServer.mariaDb().create()) {
            try {
                ClinicData.create(db.database(), 0.0005);
                Files.writeString(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + db.url() + "\n    user: "
                        + db.user() + "\n");
                RekeyClinic.plan(project);

                CliProcess.Result dry = ferry("rekey", "expand", "--dry-run");
                assertThat(dry.exitCode()).as(dry.all()).isZero();
                assertThat(dry.stdout()).contains("CREATE OR REPLACE TRIGGER").contains("BEFORE UPDATE").contains("ALGORITHM=INPLACE, LOCK=NONE");
                CliProcess.Result expand = ferry("rekey", "expand");
                assertThat(expand.exitCode()).as(expand.all()).isZero();
                assertThat(RekeyClinic.mismatches(db)).isEmpty();
                CliProcess.Result compat = ferry("compat", "create");
                assertThat(compat.exitCode()).as(compat.all()).isZero();
                assertThat(compat.stdout()).contains(db.name() + "_v1");
                assertThat(ferry("compat", "url", "--version", "v2").stdout().strip()).contains("/" + db.name() + "_v2?")
                        .endsWith("program_name:ferry-compat-v2");

                CliProcess.Result switched = ferry("rekey", "switch");
                assertThat(switched.exitCode()).as(switched.all()).isZero();
                assertThat(switched.stdout()).contains("verification clean");
                assertThat(ferry("rekey", "status").stdout()).contains("switched");

                CliProcess.Result aborted = ferry("rekey", "abort");
                assertThat(aborted.exitCode()).as(aborted.all()).isZero();
                assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                        + "AND COLUMN_NAME LIKE '%\\_uuid'")).isZero();
                assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '" + db.name() + "\\_v_'"))
                        .isZero();
            } finally {
                db.exec("DROP DATABASE IF EXISTS `" + db.name() + "_v1`", "DROP DATABASE IF EXISTS `" + db.name() + "_v2`");
            }
        }
    }

    @Test
    void analyzeExitsThreeWhenSomethingBlocksExpand() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            ClinicData.create(db.database(), 0.0005);
            db.exec("ALTER TABLE dispatch_order DROP CONSTRAINT dispatch_order_pkey");
            Files.writeString(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + db.url() + "\n    user: postgres\n");
            RekeyClinic.plan(project);

            CliProcess.Result analyze = ferry("rekey", "analyze");
            assertThat(analyze.exitCode()).as(analyze.all()).isEqualTo(3);
            assertThat(analyze.stdout()).contains("Expand cannot start").contains("single-column primary key");
            CliProcess.Result json = ferry("rekey", "analyze", "--json");
            assertThat(json.stdout()).contains("\"blockers\"").contains("\"blocks\" : \"expand\"");
            assertThat(ferry("rekey", "expand").exitCode()).isEqualTo(3);
        }
    }
}
