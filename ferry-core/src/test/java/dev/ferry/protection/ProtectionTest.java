package dev.ferry.protection;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.doctor.DoctorFinding;
import dev.ferry.doctor.DoctorOptions;
import dev.ferry.doctor.DoctorReport;
import dev.ferry.run.Json;
import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Protected data on every test server: audit trail, constraints, snapshots, check, doctor and recovery. */
class ProtectionTest {
    static final String BINARY = "{\"type\": \"binary\", \"filling_order\": \"left_to_right\", \"max_children\": 2, "
            + "\"child_positions\": [\"left\", \"right\"], \"spillover_rules\": {\"enabled\": false}, "
            + "\"simulation_settings\": {\"default_cycle_type\": \"weekly\", \"default_cycles\": 12, \"default_users_per_cycle\": 100}}";
    static final String MATRIX = "{\"type\": \"matrix\", \"filling_order\": \"breadth_first\", \"max_children\": 3, "
            + "\"child_positions\": [\"child\"], \"spillover_rules\": {\"enabled\": true, \"method\": \"next_available_downline\"}, "
            + "\"simulation_settings\": {\"default_cycle_type\": \"weekly\", \"default_cycles\": 12, \"default_users_per_cycle\": 100}}";
    static final String UNILEVEL = "{\"type\": \"unilevel\", \"filling_order\": \"depth_first\", \"max_children\": 10, "
            + "\"child_positions\": [\"child\"], \"spillover_rules\": {\"enabled\": true}, "
            + "\"simulation_settings\": {\"default_cycle_type\": \"weekly\", \"default_cycles\": 12, \"default_users_per_cycle\": 100}}";

    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    /** The example's plan-types declaration and schemas, in a project pointing at {@code db}. */
    static Ferry project(Path dir, TestDatabase db, boolean protectedEnvironment) throws Exception {
        Path schemas = ClinicProject.exampleDir().resolve("schemas");
        try (Stream<Path> files = Files.list(schemas)) {
            for (Path f : files.toList()) {
                write(dir.resolve("schemas").resolve(f.getFileName().toString()), Files.readString(f));
            }
        }
        write(dir.resolve("ferry.yaml"), """
                protected_data:
                  keep_snapshots: 3
                  tables:
                    plan_types:
                      key: [code]
                      required: [binary, matrix, unilevel]
                      json:
                        rules:
                          discriminator: code
                          schemas:
                            binary: schemas/binary-rules.json
                            matrix: schemas/matrix-rules.json
                            unilevel: schemas/unilevel-rules.json
                      checks:
                        - name: at least one child
                          sql: SELECT code FROM plan_types WHERE max_children_per_node < 1
                """);
        EnvironmentSettings s = Projects.settings(dir, db);
        if (protectedEnvironment) {
            s = new EnvironmentSettings(s.name(), s.url(), s.user(), s.password(), true, s.connectTimeout(), s.locations(), s.layout(),
                    s.schemas(), s.historyTable(), s.placeholders(), s.placeholderReplacement(), s.lockTimeout(), s.outOfOrder(),
                    s.projectDir());
        }
        return Ferry.of(s);
    }

    static void createPlanTypes(TestDatabase db) {
        exec(db, "CREATE TABLE plan_types (code VARCHAR(20) PRIMARY KEY, name VARCHAR(100) NOT NULL, "
                        + "max_children_per_node INT NOT NULL, rules " + (db.isMariaDb() ? "JSON" : "JSONB") + " NOT NULL, "
                        + "is_active BOOLEAN NOT NULL DEFAULT true)",
                "INSERT INTO plan_types (code, name, max_children_per_node, rules) VALUES ('binary', 'Binary Plan', 2, '" + BINARY + "'), "
                        + "('matrix', 'Matrix Plan', 3, '" + MATRIX + "'), ('unilevel', 'Unilevel Plan', 10, '" + UNILEVEL + "')");
    }

    static void exec(TestDatabase db, String... statements) {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static List<String> column(TestDatabase db, String sql) {
        List<String> out = new ArrayList<>();
        try (Connection c = db.database().connect("test"); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return out;
    }

    /** Every plan type as text, its rules as parsed JSON (MariaDB keeps a JSON document's spacing, so text would differ). */
    static List<String> planTypes(TestDatabase db) throws Exception {
        List<String> out = new ArrayList<>();
        for (String row : column(db, "SELECT CONCAT(code, '|', name, '|', max_children_per_node, '|', is_active, '|', rules) "
                + "FROM plan_types ORDER BY code")) {
            int cut = row.indexOf('{');
            out.add(row.substring(0, cut) + json(row.substring(cut)));
        }
        return out;
    }

    static List<String> ferryTables(TestDatabase db) {
        return column(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + (db.isMariaDb() ? db.name() : "public")
                + "' AND table_name LIKE 'ferry%'");
    }

    static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void everyInsertUpdateAndDeleteLandsInTheAuditTrailWithOldAndNewValues(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = project(dir, db, false)) {
            createPlanTypes(db);
            ferry.protection().install();
            exec(db, "INSERT INTO plan_types (code, name, max_children_per_node, rules) VALUES ('ternary', 'Ternary', 3, '{\"a\": 1}')",
                    "UPDATE plan_types SET name = 'Ternary Plan' WHERE code = 'ternary'",
                    "DELETE FROM plan_types WHERE code = 'ternary'");
            List<AuditEntry> log = ferry.protection().auditLog(new AuditQuery("plan_types", "ternary", null, 10));
            assertThat(log).extracting(AuditEntry::operation).containsExactly("DELETE", "UPDATE", "INSERT");
            AuditEntry delete = log.get(0);
            AuditEntry update = log.get(1);
            AuditEntry insert = log.get(2);
            assertThat(insert.oldRow()).isNull();
            assertThat(insert.newRow().get("name").asText()).isEqualTo("Ternary");
            assertThat(insert.newRow().get("rules")).isEqualTo(json("{\"a\": 1}"));
            assertThat(update.oldRow().get("name").asText()).isEqualTo("Ternary");
            assertThat(update.newRow().get("name").asText()).isEqualTo("Ternary Plan");
            assertThat(delete.oldRow().get("name").asText()).isEqualTo("Ternary Plan");
            assertThat(delete.newRow()).isNull();
            assertThat(log).allSatisfy(e -> {
                assertThat(e.changedBy()).isNotBlank();
                assertThat(e.transactionId()).isNotBlank();
                assertThat(e.key()).isEqualTo("ternary");
            });
            if (db.isMariaDb()) {
                assertThat(insert.transactionId()).startsWith("connection ");
            } else {
                assertThat(insert.transactionId()).isNotEqualTo(update.transactionId());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void checkRejectsAnInvalidRulesDocumentAndTheConstraintRefusesIt(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = project(dir, db, false)) {
            createPlanTypes(db);
            assertThat(ferry.protection().check().valid()).isTrue();
            InstallResult installed = ferry.protection().install();
            assertThat(installed.objects().get(0).constraints())
                    .containsExactly("ferry_plan_types_rules_binary", "ferry_plan_types_rules_matrix", "ferry_plan_types_rules_unilevel");
            // A binary plan with three children: the derived CHECK constraint refuses it.
            assertThatThrownBy(() -> exec(db, "UPDATE plan_types SET rules = '" + BINARY.replace("\"max_children\": 2", "\"max_children\": 3")
                    + "' WHERE code = 'binary'")).hasMessageContaining("ferry_plan_types_rules_binary");
            // Positions are beyond what a constraint holds; check finds them.
            exec(db, "UPDATE plan_types SET rules = '" + BINARY.replace("[\"left\", \"right\"]", "[\"left\"]") + "' WHERE code = 'binary'");
            CheckResult check = ferry.protection().check();
            assertThat(check.valid()).isFalse();
            assertThat(check.problems()).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(ProtectionProblem.INVALID);
                assertThat(p.key()).isEqualTo("binary");
                assertThat(p.message()).contains("rules (schemas/binary-rules.json)").contains("child_positions");
            });
            // The shared simulation settings come in through a $ref to a file beside the schema.
            exec(db, "UPDATE plan_types SET rules = '" + MATRIX.replace("\"default_cycles\": 12", "\"default_cycles\": 0")
                    + "' WHERE code = 'matrix'");
            assertThat(ferry.protection().check().problems()).anySatisfy(p -> {
                assertThat(p.key()).isEqualTo("matrix");
                assertThat(p.message()).contains("default_cycles");
            });
            exec(db, "UPDATE plan_types SET max_children_per_node = 0 WHERE code = 'unilevel'");
            assertThat(ferry.protection().check().problems()).anySatisfy(p -> {
                assertThat(p.kind()).isEqualTo(ProtectionProblem.CHECK);
                assertThat(p.key()).isEqualTo("unilevel");
                assertThat(p.message()).contains("at least one child");
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void doctorReportsADeletedRequiredRowAndRecoverRestoresItIdenticalToTheSnapshotAudited(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = project(dir, db, false)) {
            createPlanTypes(db);
            ferry.protection().install();
            SnapshotResult snap = ferry.protection().snapshot(Path.of("snapshots/plan-types.jsonl"), null);
            assertThat(snap.rows()).isEqualTo(3);
            assertThat(snap.checksum()).startsWith("sha256:");
            assertThat(Files.readAllLines(dir.resolve("snapshots/plan-types.jsonl"))).hasSize(5);
            List<String> before = planTypes(db);

            DoctorReport healthy = ferry.doctor(DoctorOptions.CHECK_ONLY);
            assertThat(healthy.healthy()).as(healthy.findings().toString()).isTrue();

            exec(db, "DELETE FROM plan_types WHERE code = 'matrix'");
            exec(db, "UPDATE plan_types SET rules = '" + UNILEVEL.replace("[\"child\"]", "[\"left\"]") + "' WHERE code = 'unilevel'");
            DoctorReport sick = ferry.doctor(DoctorOptions.CHECK_ONLY);
            assertThat(sick.healthy()).isFalse();
            assertThat(sick.findings()).filteredOn(f -> f.status() == DoctorFinding.Status.PROBLEM)
                    .extracting(DoctorFinding::message)
                    .anySatisfy(m -> assertThat(m).contains("plan_types [matrix]").contains("missing"))
                    .anySatisfy(m -> assertThat(m).contains("plan_types [unilevel]"));

            DoctorReport recovered = ferry.doctor(new DoctorOptions(true));
            assertThat(recovered.recovery().restored()).extracting(RecoveryResult.RestoredRow::key, RecoveryResult.RestoredRow::action)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("matrix", "inserted"),
                            org.assertj.core.groups.Tuple.tuple("unilevel", "replaced"));
            assertThat(recovered.healthy()).as(recovered.findings().toString()).isTrue();
            assertThat(planTypes(db)).isEqualTo(before);

            List<AuditEntry> audit = ferry.protection().auditLog(new AuditQuery("plan_types", "matrix", null, 1));
            assertThat(audit).singleElement().satisfies(e -> {
                assertThat(e.operation()).isEqualTo("INSERT");
                assertThat(e.changedBy()).isEqualTo("ferry doctor --recover " + recovered.recovery().runId());
            });
            // Nothing left to recover: a second run changes nothing.
            assertThat(ferry.protection().recover().restored()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void installTwiceIsIdempotentAndUninstallLeavesTheUsersTablesUntouched(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = project(dir, db, false)) {
            createPlanTypes(db);
            exec(db, "CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(40))", "INSERT INTO notes VALUES (1, 'kept')");
            String rows = String.join("\n", column(db, "SELECT CONCAT(code, name, rules) FROM plan_types ORDER BY code"));
            InstallResult first = ferry.protection().install();
            InstallResult second = ferry.protection().install();
            assertThat(second.objects()).isEqualTo(first.objects());
            exec(db, "UPDATE plan_types SET name = 'Binary' WHERE code = 'binary'");
            assertThat(ferry.protection().auditLog(AuditQuery.LATEST)).hasSize(1);
            exec(db, "UPDATE plan_types SET name = 'Binary Plan' WHERE code = 'binary'");

            InstallResult removed = ferry.protection().uninstall();
            assertThat(removed.objects()).singleElement().satisfies(o -> assertThat(o.constraints()).hasSize(3));
            exec(db, "UPDATE plan_types SET name = 'Binary' WHERE code = 'binary'",
                    "UPDATE plan_types SET name = 'Binary Plan' WHERE code = 'binary'");
            assertThat(ferry.protection().auditLog(AuditQuery.LATEST)).hasSize(2);
            assertThat(String.join("\n", column(db, "SELECT CONCAT(code, name, rules) FROM plan_types ORDER BY code"))).isEqualTo(rows);
            assertThat(column(db, "SELECT body FROM notes")).containsExactly("kept");
            String schema = db.isMariaDb() ? db.name() : "public";
            assertThat(column(db, "SELECT constraint_name FROM information_schema.table_constraints WHERE table_schema = '" + schema
                    + "' AND table_name = 'plan_types' AND constraint_name LIKE 'ferry%'")).isEmpty();
            assertThat(column(db, "SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = '" + schema + "'")).isEmpty();
            assertThat(ferry.protection().uninstall().objects()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void pruneRemovesOnlyOldAuditEntriesAndNeedsConfirmationOnAProtectedEnvironment(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = project(dir, db, false); Ferry guarded = project(dir, db, true)) {
            createPlanTypes(db);
            ferry.protection().install();
            exec(db, "UPDATE plan_types SET name = 'B' WHERE code = 'binary'", "UPDATE plan_types SET name = 'M' WHERE code = 'matrix'");
            exec(db, "UPDATE ferry_audit SET changed_at = changed_at - INTERVAL '40' DAY WHERE row_key = 'binary'");
            assertThatThrownBy(() -> guarded.protection().pruneAudit(Duration.ofDays(30), false))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY));
            assertThat(ferry.protection().auditLog(AuditQuery.LATEST)).hasSize(2);
            assertThat(ferry.protection().pruneAudit(Duration.ofDays(30), false).deleted()).isEqualTo(1);
            assertThat(ferry.protection().auditLog(AuditQuery.LATEST)).extracting(AuditEntry::key).containsExactly("matrix");
            assertThat(guarded.protection().pruneAudit(Duration.ofDays(1), true).deleted()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void snapshotsKeepOnlyTheNewestAndRecoverRefusesAKeyNoSnapshotHolds(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = project(dir, db, false)) {
            exec(db, "CREATE TABLE plan_types (code VARCHAR(20) PRIMARY KEY, name VARCHAR(100) NOT NULL, "
                    + "max_children_per_node INT NOT NULL, rules " + (db.isMariaDb() ? "JSON" : "JSONB") + " NOT NULL, "
                    + "is_active BOOLEAN NOT NULL DEFAULT true)",
                    "INSERT INTO plan_types (code, name, max_children_per_node, rules) VALUES ('binary', 'Binary Plan', 2, '" + BINARY + "')");
            for (int i = 0; i < 4; i++) {
                ferry.protection().snapshot(null, null);
            }
            assertThat(ferry.protection().snapshots()).extracting(SnapshotInfo::version).containsExactly(4, 3, 2);
            assertThat(ferry.protection().snapshot(null, 1).pruned()).containsExactly(4, 3, 2);
            String rows = String.join("\n", column(db, "SELECT CONCAT(code, name) FROM plan_types ORDER BY code"));
            assertThatThrownBy(() -> ferry.protection().recover())
                    .isInstanceOfSatisfying(FerryException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                        assertThat(e.getMessage()).contains("Cannot recover plan_types key(s) matrix, unilevel").contains("nothing was changed");
                    });
            assertThat(String.join("\n", column(db, "SELECT CONCAT(code, name) FROM plan_types ORDER BY code"))).isEqualTo(rows);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void badInputIsOneClearLineAndChangesNothing(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = project(dir, db, false)) {
            // The protected table does not exist yet.
            assertThatThrownBy(() -> ferry.protection().install())
                    .isInstanceOfSatisfying(FerryException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.getMessage()).startsWith("ferry.yaml:4:5: ").contains("protected table 'plan_types' does not exist");
                    });
            assertThat(ferryTables(db)).isEmpty();
            createPlanTypes(db);
            // A schema file that does not parse.
            try (Ferry broken = project(dir, db, false)) {
                write(dir.resolve("schemas/matrix-rules.json"), "{\"type\": \"object\",\n  \"properties\": {\n");
                assertThatThrownBy(() -> broken.protection().install())
                        .isInstanceOfSatisfying(FerryException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                            assertThat(e.getMessage()).contains("ferry.yaml:12:").contains("schemas/matrix-rules.json does not parse as JSON")
                                    .doesNotContain("\n");
                        });
            }
            assertThat(ferryTables(db)).isEmpty();
        }
    }
}
