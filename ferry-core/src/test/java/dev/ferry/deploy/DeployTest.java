package dev.ferry.deploy;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.migration.MigrationLock;
import dev.ferry.run.Json;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ferry deploy against real databases: every step in order, the dry run, and each way a deploy stops. */
class DeployTest {
    @TempDir
    Path project;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    private Path migrations() {
        return project.resolve("migrations");
    }

    private void writeFirstRelease() {
        write(migrations().resolve("V1__clinics.sql"), "CREATE TABLE clinics (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL);\n");
        write(migrations().resolve("V2__visits.sql"), "CREATE TABLE visits (id INT PRIMARY KEY, clinic_id INT NOT NULL REFERENCES clinics (id), "
                + "note VARCHAR(200));\nCREATE INDEX visits_clinic ON visits (clinic_id);\n");
        write(project.resolve("seeds/test/01_clinics.csv"), "id,name\n1,North\n2,South\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void deployOnAFreshEnvironmentRunsEveryStepAndTheNextDeployBacksUpFirst(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            writeFirstRelease();

            DeployResult first = ferry.deploy(DeployOptions.DEFAULTS.withSeed(true));

            assertThat(first.succeeded()).as(String.valueOf(first.error())).isTrue();
            assertThat(first.exitCode()).isZero();
            assertThat(first.steps()).extracting(DeployStep::name).containsExactly("preflight", "backup", "migrate", "seed", "verify");
            assertThat(first.steps()).extracting(DeployStep::status)
                    .containsExactly(StepStatus.OK, StepStatus.SKIPPED, StepStatus.OK, StepStatus.OK, StepStatus.OK);
            assertThat(first.steps()).allSatisfy(s -> {
                assertThat(s.startedAt()).isNotNull();
                assertThat(s.durationMs()).isNotNegative();
            });
            assertThat(first.pending()).extracting(PendingMigration::version).containsExactly("1", "2");
            assertThat(first.serverVersion()).isNotBlank();
            assertThat(count(db, "clinics")).isEqualTo(2);

            write(migrations().resolve("V3__visit_dates.sql"), "ALTER TABLE visits ADD COLUMN visited_on DATE;\n");
            db.exec("INSERT INTO visits (id, clinic_id, note) VALUES (1, 1, 'first')");

            DeployResult second = ferry.deploy(DeployOptions.DEFAULTS.withSeed(true));

            assertThat(second.succeeded()).as(String.valueOf(second.error())).isTrue();
            assertThat(second.steps()).extracting(DeployStep::status).containsOnly(StepStatus.OK);
            assertThat(second.backupArchive()).exists();
            assertThat(ferry.backups().verify(second.backupArchive(), null).ok()).isTrue();
            assertThat(second.restoreCommand()).isEqualTo("ferry restore backups/" + second.backupArchive().getFileName()
                    + " --env test --confirm");
            assertThat(second.step("migrate").detail()).contains("schema version 2 -> 3");
            assertThat(second.step("backup").runId()).isNotNull();

            assertThat(second.reports()).allSatisfy(f -> assertThat(f).exists());
            String md = Files.readString(second.reports().get(0));
            assertThat(md).contains("| preflight | ok |", "| backup | ok |", "| migrate | ok |", "| seed | ok |", "| verify | ok |",
                    second.restoreCommand());
            JsonNode json = Json.mapper().readTree(second.reports().get(1).toFile());
            assertThat(json.get("steps")).hasSize(5);
            assertThat(json.get("steps").get(2).get("durationMs").asLong()).isNotNegative();
            assertThat(Files.readString(project.resolve(".ferry/logs/" + second.runId() + ".jsonl")))
                    .contains("\"step_finished\"", "\"step\":\"verify\"", "\"run_finished\"");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void dryRunListsThePlanAndChangesNothing(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            writeFirstRelease();
            db.exec("CREATE TABLE legacy (id INT PRIMARY KEY)", "INSERT INTO legacy VALUES (1)");

            DeployResult plan = ferry.deploy(DeployOptions.DEFAULTS.withSeed(true).withDryRun(true));

            assertThat(plan.succeeded()).as(String.valueOf(plan.error())).isTrue();
            assertThat(plan.dryRun()).isTrue();
            assertThat(plan.runId()).isNull();
            assertThat(plan.steps()).extracting(DeployStep::status)
                    .containsExactly(StepStatus.OK, StepStatus.PLANNED, StepStatus.PLANNED, StepStatus.PLANNED, StepStatus.PLANNED);
            assertThat(plan.step("backup").detail()).contains("backups/test_");
            assertThat(plan.step("preflight").detail()).contains("schema drift: no migration applied yet");
            assertThat(plan.pending()).extracting(PendingMigration::script).containsExactly("V1__clinics.sql", "V2__visits.sql");
            assertThat(tableExists(db, "ferry_schema_history")).isFalse();
            assertThat(tableExists(db, "clinics")).isFalse();
            assertThat(tableExists(db, "ferry_seed_history")).isFalse();
            assertThat(project.resolve("backups")).doesNotExist();
            assertThat(plan.reports()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void thePreflightNamesAChangeMadeByHandSinceTheLastDeploy(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            writeFirstRelease();
            assertThat(ferry.deploy(DeployOptions.DEFAULTS).succeeded()).isTrue();
            db.exec("CREATE INDEX clinics_by_hand ON clinics (id, name)");

            DeployResult plan = ferry.deploy(DeployOptions.DEFAULTS.withDryRun(true));

            assertThat(plan.step("preflight").detail()).contains("schema drift: 1 change(s) made outside the migrations")
                    .contains("added index").contains("clinics_by_hand");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aFailingMigrationStopsTheDeployThereAndNamesTheRestoreCommand(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            writeFirstRelease();
            assertThat(ferry.deploy(DeployOptions.DEFAULTS.withSeed(true)).succeeded()).isTrue();
            write(migrations().resolve("V3__broken.sql"), "ALTER TABLE visits ADD COLUMN visited_on DATE;\nSELECT no_such_column FROM clinics;\n");

            DeployResult r = ferry.deploy(DeployOptions.DEFAULTS.withSeed(true));

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.failedStep().name()).isEqualTo("migrate");
            assertThat(r.error()).contains("V3__broken.sql");
            assertThat(r.steps()).extracting(DeployStep::status)
                    .containsExactly(StepStatus.OK, StepStatus.OK, StepStatus.FAILED, StepStatus.NOT_RUN, StepStatus.NOT_RUN);
            assertThat(r.step("seed").startedAt()).isNull();
            assertThat(r.backupArchive()).exists();
            Path relative = project.relativize(r.backupArchive());
            assertThat(project.resolve(relative)).exists();
            assertThat(r.restoreCommand()).isEqualTo("ferry restore " + relative.toString().replace('\\', '/') + " --env test --confirm");
            assertThat(Files.readString(r.reports().get(0))).contains(r.restoreCommand(), "| seed | not run |", "| migrate | failed |");
            JsonNode json = Json.mapper().readTree(r.reports().get(1).toFile());
            assertThat(json.get("restoreCommand").asText()).isEqualTo(r.restoreCommand());
            assertThat(json.get("exitCode").asInt()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aBrokenErrorRuleFailsTheVerifyStepWithExitThreeAndAWarningDoesNot(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            writeFirstRelease();
            write(project.resolve("rules/clinics.yaml"), "rules:\n  - name: clinics have short names\n    severity: warning\n"
                    + "    sql: SELECT id FROM clinics WHERE name = 'North'\n");
            DeployResult warned = ferry.deploy(DeployOptions.DEFAULTS.withSeed(true));
            assertThat(warned.succeeded()).as(String.valueOf(warned.error())).isTrue();
            assertThat(warned.step("verify").detail()).contains("1 warning(s)", "rules");

            write(project.resolve("rules/clinics.yaml"), "rules:\n  - name: no clinic called South\n    severity: error\n"
                    + "    sql: SELECT id FROM clinics WHERE name = 'South'\n");
            write(migrations().resolve("V3__phones.sql"), "ALTER TABLE clinics ADD COLUMN phone VARCHAR(30);\n");

            DeployResult r = ferry.deploy(DeployOptions.DEFAULTS.withSeed(true));

            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.failedStep().name()).isEqualTo("verify");
            assertThat(r.error()).contains("no clinic called South");
            assertThat(r.steps()).extracting(DeployStep::status).containsExactly(StepStatus.OK, StepStatus.OK, StepStatus.OK, StepStatus.OK,
                    StepStatus.FAILED);
            assertThat(r.restoreCommand()).contains(project.relativize(r.backupArchive()).toString().replace('\\', '/'));
            assertThat(r.restoreNote()).contains("schema version 3", "taken at 2");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void anEditedAppliedMigrationStopsTheDeployAtPreflightWithExitThree(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            writeFirstRelease();
            assertThat(ferry.deploy(DeployOptions.DEFAULTS).succeeded()).isTrue();
            write(migrations().resolve("V1__clinics.sql"), "CREATE TABLE clinics (id INT PRIMARY KEY, name VARCHAR(200) NOT NULL);\n");
            write(migrations().resolve("V3__more.sql"), "CREATE TABLE more_things (id INT PRIMARY KEY);\n");

            DeployResult r = ferry.deploy(DeployOptions.DEFAULTS);

            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.failedStep().name()).isEqualTo("preflight");
            assertThat(r.error()).contains("V1__clinics.sql");
            assertThat(r.steps()).extracting(DeployStep::status).containsExactly(StepStatus.FAILED, StepStatus.NOT_RUN, StepStatus.NOT_RUN,
                    StepStatus.NOT_RUN, StepStatus.NOT_RUN);
            assertThat(r.backupArchive()).isNull();
            assertThat(r.restoreCommand()).isNull();
            assertThat(project.resolve("backups")).doesNotExist();
            assertThat(tableExists(db, "more_things")).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aMigrationLockHeldElsewhereStopsTheDeployWithExitFourNamingTheHolder(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            writeFirstRelease();
            String schema = db.isMariaDb() ? db.name() : "public";
            long started = System.nanoTime();
            try (MigrationLock held = MigrationLock.acquire(db.database(), "ferry:" + schema + ".ferry_schema_history",
                    Duration.ofSeconds(1), "ferry lock holder in a test", () -> { })) {
                DeployResult r = ferry.deploy(DeployOptions.DEFAULTS);

                assertThat(r.exitCode()).isEqualTo(4);
                assertThat(r.failedStep().name()).isEqualTo("preflight");
                assertThat(r.error()).contains("holds the migration lock");
                if (!db.isMariaDb()) {
                    assertThat(r.error()).contains("ferry lock holder in a test");
                }
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the preflight does not wait for the lock")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(tableExists(db, "ferry_schema_history")).isFalse();
            assertThat(ferry.deploy(DeployOptions.DEFAULTS).succeeded()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aProtectedEnvironmentNeedsItsExactNameAndAlwaysABackup(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            EnvironmentSettings s = Projects.settings(project, db);
            EnvironmentSettings prod = new EnvironmentSettings(s.name(), s.url(), s.user(), s.password(), true, s.connectTimeout(),
                    s.locations(), "auto", List.of(), s.historyTable(), Map.of(), true, s.lockTimeout(), false, project);
            writeFirstRelease();
            db.exec("CREATE TABLE legacy (id INT PRIMARY KEY)", "INSERT INTO legacy VALUES (1)");
            try (Ferry ferry = Ferry.of(prod)) {
                for (DeployOptions refused : List.of(DeployOptions.DEFAULTS, DeployOptions.DEFAULTS.withConfirm("tset"),
                        DeployOptions.DEFAULTS.withConfirm("test").withSkipBackup(true))) {
                    assertThatThrownBy(() -> ferry.deploy(refused)).isInstanceOf(FerryException.class)
                            .hasMessageContaining("Nothing was changed")
                            .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY);
                }
                assertThat(tableExists(db, "ferry_schema_history")).isFalse();
                assertThat(project.resolve("backups")).doesNotExist();

                DeployResult r = ferry.deploy(DeployOptions.DEFAULTS.withConfirm("test"));
                assertThat(r.succeeded()).as(String.valueOf(r.error())).isTrue();
                assertThat(r.backupArchive()).exists();
                assertThat(r.restoreCommand()).endsWith(" --env test --confirm --allow-protected");
            }
        }
    }

    private static boolean tableExists(TestDatabase db, String table) throws Exception {
        try (Connection c = db.database().connect("test")) {
            return db.database().dialect().tableExists(c, db.database().dialect().currentSchema(c), table);
        }
    }

    private static long count(TestDatabase db, String table) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
