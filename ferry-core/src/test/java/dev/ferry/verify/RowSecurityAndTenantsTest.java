package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.FerryException;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A declared policy counts only where row-level security applies it; the rows' spread over their tenants is reported. */
class RowSecurityAndTenantsTest {
    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return Stream.of(TestServer.embeddedPostgres(), TestServer.mariaDb());
    }

    private static Finding only(List<Finding> findings, String check, String subjectStart) {
        List<Finding> hits = findings.stream().filter(f -> f.check().equals(check) && f.subject().startsWith(subjectStart)).toList();
        assertThat(hits).as(check + " on " + subjectStart + " in " + findings).hasSize(1);
        return hits.get(0);
    }

    @Test
    void aPolicyOnATableWithRowSecurityDisabledFailsTheCheckAndSaysHowToEnableIt() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            PlanRuns runs = new PlanRuns(dir);
            Path plan = runs.transferredClinic(source, target);
            Files.writeString(plan, Files.readString(plan).replace("  patients:\n", "  patients:\n    expect: {policies: [patients_by_office]}\n"));
            target.exec("CREATE POLICY patients_by_office ON patients USING (office_id IS NOT NULL)");

            Finding disabled = only(runs.verify(plan, source, target, VerifyLevel.RIGOROUS), "row level security", "public.patients");
            assertThat(disabled.status()).isEqualTo(CheckStatus.FAILED);
            assertThat(disabled.failsRun()).isTrue();
            assertThat(disabled.message()).contains("disabled").contains("ALTER TABLE \"public\".\"patients\" ENABLE ROW LEVEL SECURITY");
            assertThat(only(runs.verify(plan, source, target, VerifyLevel.RIGOROUS), "policy", "public.patients").status())
                    .isEqualTo(CheckStatus.PASSED);

            target.exec("ALTER TABLE patients ENABLE ROW LEVEL SECURITY");
            assertThat(only(runs.verify(plan, source, target, VerifyLevel.RIGOROUS), "row level security", "public.patients").status())
                    .isEqualTo(CheckStatus.PASSED);

            Files.writeString(plan, Files.readString(plan).replace("{policies: [patients_by_office]}",
                    "{policies: [patients_by_office], force_row_security: true}"));
            Finding notForced = only(runs.verify(plan, source, target, VerifyLevel.RIGOROUS), "row level security", "public.patients");
            assertThat(notForced.status()).isEqualTo(CheckStatus.FAILED);
            assertThat(notForced.message()).contains("not forced").contains("FORCE ROW LEVEL SECURITY");

            target.exec("ALTER TABLE patients FORCE ROW LEVEL SECURITY");
            assertThat(runs.verify(plan, source, target, VerifyLevel.RIGOROUS)).noneMatch(Finding::failsRun);
        }
    }

    @Test
    void rigorousVerificationReportsHowThePlansTenantRowsSpreadAndTheTenantsLeftEmpty() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            PlanRuns runs = new PlanRuns(dir);
            Path plan = runs.transferredClinic(source, target);

            List<Finding> clean = runs.verify(plan, source, target, VerifyLevel.RIGOROUS);
            Finding spread = only(clean, "tenant distribution", "patients.office_id -> offices.id");
            assertThat(spread.status()).isEqualTo(CheckStatus.PASSED);
            assertThat(spread.message()).containsPattern("\\d+ row\\(s\\) over \\d+ tenant\\(s\\): fewest \\d+, median \\d+, most \\d+");
            assertThat(runs.verify(plan, source, target, VerifyLevel.STANDARD)).noneMatch(f -> f.check().startsWith("tenant"));

            target.exec("INSERT INTO offices (id, name, created_at) VALUES ('00000000-0000-0000-0000-00000000e0e0', 'Empty', now())");
            List<Finding> withEmpty = runs.verify(plan, source, target, VerifyLevel.RIGOROUS);
            Finding empty = only(withEmpty, "tenants without rows", "patients.office_id");
            assertThat(empty.status()).isEqualTo(CheckStatus.FAILED);
            assertThat(empty.sample()).containsExactly("00000000-0000-0000-0000-00000000e0e0");
            assertThat(empty.failsRun()).as("a warning").isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void integrityWithTenantsFindsEveryTableWithTheColumnItsEmptyTenantsAndItsOutliers(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            db.exec("CREATE TABLE tenants (id INT PRIMARY KEY)",
                    "CREATE TABLE notes (id INT PRIMARY KEY, tenant_id INT)",
                    "CREATE TABLE tags (id INT PRIMARY KEY, tenant_id INT)",
                    "INSERT INTO tenants VALUES (1), (2), (3), (4), (5), (6)",
                    "INSERT INTO tags VALUES (1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6)");
            StringBuilder rows = new StringBuilder("INSERT INTO notes VALUES ");
            int id = 0;
            for (int tenant = 1; tenant <= 5; tenant++) {
                for (int i = 0; i < (tenant == 1 ? 100 : 3); i++) {
                    rows.append(id == 0 ? "" : ", ").append("(").append(++id).append(", ").append(tenant).append(")");
                }
            }
            rows.append(", (").append(++id).append(", NULL)");
            db.exec(rows.toString());

            List<Finding> f = new IntegrityChecker(db.database(), Map.of())
                    .check(new IntegrityOptions(List.of(), List.of(), null, List.of("tenant_id=tenants.id")));
            Finding spread = only(f, "tenant distribution", "notes.tenant_id");
            assertThat(spread.message()).startsWith("112 row(s) over 5 tenant(s): fewest 3, median 3, most 100 per tenant")
                    .endsWith("1 row(s) have no tenant (tenant_id is NULL)");
            assertThat(only(f, "tenants without rows", "notes.tenant_id").sample()).containsExactly("6");
            Finding outliers = only(f, "tenant outliers", "notes.tenant_id");
            assertThat(outliers.sample()).containsExactly("1: 100 rows");
            assertThat(f).filteredOn(x -> x.subject().startsWith("tags.")).allMatch(x -> x.status() == CheckStatus.PASSED);
            assertThat(f).noneMatch(Finding::failsRun);

            assertThatThrownBy(() -> new IntegrityChecker(db.database(), Map.of())
                    .check(new IntegrityOptions(List.of(), List.of(), null, List.of("tenant_id=nowhere.id"))))
                    .isInstanceOf(FerryException.class).hasMessageContaining("no table 'nowhere'");
            assertThatThrownBy(() -> new IntegrityOptions(List.of(), List.of(), null, List.of("tenant_id")))
                    .isInstanceOf(FerryException.class).hasMessageContaining("column=tenant_table.key");
        }
    }
}
