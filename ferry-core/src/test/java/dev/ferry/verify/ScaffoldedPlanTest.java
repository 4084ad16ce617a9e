package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.TransferResult;
import dev.ferry.transfer.plan.PlanScaffold;
import dev.ferry.transfer.plan.ScaffoldResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** A plan scaffolded from the clinic's legacy and new catalogs transfers and verifies clean once its TODOs are answered. */
class ScaffoldedPlanTest {
    @TempDir
    Path dir;

    /**
     * What an operator writes for each TODO of the clinic scaffold, by the start of the TODO's text
     * (the longest that fits); "" drops the line. A profile_id without a foreign key (the MariaDB
     * target has none on patients) is left out: it is nullable.
     */
    private static final Map<String, String> ANSWERS = Map.of(
            "license_number ", "license_number: license_no",
            "date_of_birth ", "date_of_birth: birth_date",
            "item_count ", "item_count: {from: details, json: items}",
            "currency ", "currency: {from: details, json: currency}",
            "profile_id ", "profile_id: {from: user_id, entity: profiles}",
            "profile_id (uuid): no source column", "",
            "office_id ", "",
            "plan_types: ", "",
            "profiles: ", """
                    profiles:
                        from: auth_user
                        to: profiles
                        key: {column: id}
                        columns:
                          email: email
                          first_name: first_name
                          last_name: last_name
                          full_name: {concat: [first_name, last_name], separator: " "}
                          active: is_active
                          joined_at: date_joined""");

    static Stream<TestServer> targets() {
        return Stream.of(TestServer.embeddedPostgres(), TestServer.mariaDb());
    }

    @ParameterizedTest(name = "into {0}")
    @MethodSource("targets")
    void theClinicScaffoldMatchesTablesColumnsAndReferencesAndVerifiesCleanOnceItsTodosAreFilled(TestServer server) throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = server.create()) {
            ClinicProject.fillSource(source, 0.002);
            if (target.isMariaDb()) {
                ClinicProject.createMariaDbTarget(target);
            } else {
                ClinicProject.migrateTarget(target, dir);
            }
            Path plan = dir.resolve("transfer.yaml");
            ScaffoldResult r = PlanScaffold.write(source.database(), "legacy", target.database(), "development",
                    EnvironmentSettings.DEFAULT_HISTORY_TABLE, plan, false);
            String yaml = Files.readString(plan);

            assertThat(r.entities()).containsExactlyInAnyOrder("offices <- dispatch_office", "doctors <- dispatch_doctor",
                    "patients <- dispatch_patient", "orders <- dispatch_order");
            assertThat(r.unmatchedTargets()).containsExactlyInAnyOrderElementsOf(target.isMariaDb() ? List.of("profiles")
                    : List.of("profiles", "plan_types"));
            assertThat(r.todos()).hasSize(target.isMariaDb() ? 8 : 9);
            assertThat(r.unusedSources()).containsExactly("auth_user");
            assertThat(yaml).contains("source: legacy\ntarget: development\n")
                    .contains("  offices:\n    from: dispatch_office\n    to: offices\n    key: {column: id, strategy: uuid}\n    columns:\n"
                            + "      name: name\n      address: address\n      phone: phone\n      city: city\n      created_at: created_at\n"
                            + "    # source columns no column reads: deleted\n")
                    .contains("      office_id: {from: office_id, entity: offices}\n")
                    .contains("      patient_id: {from: patient_id, entity: patients}\n")
                    .contains("      details: details\n")
                    .contains("# TODO license_number (" + (target.isMariaDb() ? "varchar" : "character varying") + "(40)): no source column of that name")
                    .contains("# TODO profiles: no source table matches by name (source tables no entity reads: auth_user)");
            assertThat(PlanScaffold.todos(plan)).hasSameSizeAs(r.todos()).allMatch(t -> t.startsWith("transfer.yaml:"));

            assertThatThrownBy(() -> PlanScaffold.write(source.database(), "legacy", target.database(), "development", null, plan, false))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY))
                    .hasMessageContaining("--force");

            Files.writeString(plan, answered(yaml).replace("source: legacy", "source: " + ClinicProject.connection(source))
                    .replace("target: development", "target: " + ClinicProject.connection(target)));
            assertThat(PlanScaffold.todos(plan)).isEmpty();
            PlanRuns runs = new PlanRuns(dir);
            TransferResult transferred = runs.transfer(plan, source, target);
            assertThat(transferred.entities()).hasSize(5);
            List<Finding> findings = runs.verify(plan, source, target, VerifyLevel.RIGOROUS);
            assertThat(findings).noneMatch(Finding::failsRun);
            assertThat(findings).extracting(Finding::check).contains("content", "tenant", "tenant distribution");
        }
    }

    /** The scaffold with every TODO line replaced by its answer, and the patients' tenant added. */
    private static String answered(String yaml) {
        List<String> out = new ArrayList<>();
        for (String line : yaml.split("\n", -1)) {
            int at = line.indexOf("# TODO ");
            if (line.strip().startsWith("#   its columns")) {
                continue;
            }
            if (at < 0) {
                out.add(line);
                if (line.equals("    to: patients")) {
                    out.add("    tenant: {column: office_id, via: doctor_id, parent_column: office_id, entity: offices}");
                }
                continue;
            }
            String todo = line.substring(at + "# TODO ".length());
            String answer = ANSWERS.entrySet().stream().filter(e -> todo.startsWith(e.getKey()))
                    .max(java.util.Comparator.comparingInt(e -> e.getKey().length())).map(Map.Entry::getValue)
                    .orElseThrow(() -> new AssertionError("no answer for " + line));
            if (!answer.isEmpty()) {
                out.add(line.substring(0, at) + answer.replace("\n", "\n" + line.substring(0, at)));
            }
        }
        return String.join("\n", out);
    }
}
