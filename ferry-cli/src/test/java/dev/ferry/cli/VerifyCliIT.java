package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLI: 'verify --fix' brings in a parent fixed in the source and the children rejected
 * because of it; 'verify' exits 3 for an orphan along a plan reference the target has no foreign
 * key for, and for an index a load dropped and never rebuilt.
 */
class VerifyCliIT {
    @TempDir
    Path project;

    @Test
    void fixAdmitsRepairedParentsWithTheirChildrenAndVerifyFailsOnOrphansAndUnrebuiltIndexes() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec("CREATE TABLE legacy_kinds (id INT PRIMARY KEY, code TEXT)",
                    "INSERT INTO legacy_kinds VALUES (1, 'a'), (2, 'c'), (3, 'x')",
                    "CREATE TABLE legacy_people (id INT PRIMARY KEY, name TEXT, kind_id INT REFERENCES legacy_kinds (id))",
                    "INSERT INTO legacy_people SELECT g, 'p' || g, 1 + g % 3 FROM generate_series(1, 30) g");
            // No foreign key from people to kinds in the target: only the plan says where kind_id points.
            target.exec("CREATE TABLE kinds (id UUID PRIMARY KEY, code VARCHAR(10) NOT NULL)",
                    "CREATE TABLE people (id UUID PRIMARY KEY, name TEXT, kind_id UUID)", "CREATE INDEX people_name ON people (name)");
            write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + target.url() + "\n    user: " + target.user() + "\n");
            Projects.transferPlan(project.resolve("transfer.yaml"), source, target, "defaults:\n  max_rejects: 50%\nentities:\n"
                    + "  kinds:\n    from: legacy_kinds\n    to: kinds\n    key: {column: id}\n    columns:\n"
                    + "      code: {from: code, map: {a: adult, c: child}}\n"
                    + "  people:\n    from: legacy_people\n    to: people\n    key: {column: id}\n    defer_constraints: true\n"
                    + "    columns:\n      name: name\n    references:\n      kind_id: {from: kind_id, entity: kinds}\n");

            CliProcess.Result run = ferry("transfer", "run", "--no-backup");
            assertThat(count(target, "SELECT COUNT(*) FROM ferry_rejects")).as(run.all()).isEqualTo(1 + 10);
            assertThat(ferry("verify").exitCode()).as("the rejects account for the missing rows").isZero();

            source.exec("UPDATE legacy_kinds SET code = 'a' WHERE id = 3");
            CliProcess.Result fix = ferry("verify", "--fix");
            assertThat(fix.exitCode()).as(fix.all()).isZero();
            assertThat(count(target, "SELECT COUNT(*) FROM people")).isEqualTo(30);
            assertThat(count(target, "SELECT COUNT(*) FROM ferry_rejects")).isZero();

            target.exec("DROP INDEX people_name", "UPDATE ferry_transfer_deferred SET restored = false WHERE name = 'people_name'");
            CliProcess.Result unrebuilt = ferry("verify");
            assertThat(unrebuilt.exitCode()).as(unrebuilt.all()).isEqualTo(3);
            assertThat(unrebuilt.stdout()).contains("never rebuilt").contains("people_name");
            target.exec("CREATE INDEX people_name ON people (name)", "UPDATE ferry_transfer_deferred SET restored = true");

            target.exec("DELETE FROM kinds WHERE code = 'child'");
            CliProcess.Result orphans = ferry("verify");
            assertThat(orphans.exitCode()).as(orphans.all()).isEqualTo(3);
            assertThat(orphans.stdout()).contains("people.kind_id -> kinds").contains("10 row(s) of public.people point at a kinds row");
        }
    }

    @Test
    void aPolicyWithoutRowSecurityFailsRigorousVerifyAndTenantsAreReportedAsWarnings() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec("CREATE TABLE legacy_kinds (id INT PRIMARY KEY, code TEXT)", "INSERT INTO legacy_kinds VALUES (1, 'a'), (2, 'b'), (3, 'c')",
                    "CREATE TABLE legacy_people (id INT PRIMARY KEY, kind_id INT REFERENCES legacy_kinds (id))",
                    "INSERT INTO legacy_people SELECT g, 1 + g % 2 FROM generate_series(1, 20) g");
            target.exec("CREATE TABLE kinds (id UUID PRIMARY KEY, code TEXT)", "CREATE TABLE people (id UUID PRIMARY KEY, kind_id UUID)",
                    "CREATE POLICY people_by_kind ON people USING (kind_id IS NOT NULL)");
            write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + target.url() + "\n    user: " + target.user() + "\n");
            Projects.transferPlan(project.resolve("transfer.yaml"), source, target, "entities:\n"
                    + "  kinds:\n    from: legacy_kinds\n    to: kinds\n    key: {column: id}\n    columns:\n      code: code\n"
                    + "  people:\n    from: legacy_people\n    to: people\n    key: {column: id}\n"
                    + "    references:\n      kind_id: {from: kind_id, entity: kinds}\n    expect: {policies: [people_by_kind]}\n");
            assertThat(ferry("transfer", "run", "--no-backup").exitCode()).isZero();

            CliProcess.Result disabled = ferry("verify", "--level", "rigorous");
            assertThat(disabled.exitCode()).as(disabled.all()).isEqualTo(3);
            assertThat(disabled.stdout()).contains("ENABLE ROW LEVEL SECURITY");
            target.exec("ALTER TABLE people ENABLE ROW LEVEL SECURITY");
            CliProcess.Result enabled = ferry("verify", "--level", "rigorous");
            assertThat(enabled.exitCode()).as(enabled.all()).isZero();

            CliProcess.Result tenants = ferry("verify", "integrity", "--tenants", "kind_id=kinds.id");
            assertThat(tenants.exitCode()).as("an empty tenant is a warning: " + tenants.all()).isZero();
            assertThat(tenants.stdout()).contains("tenant distribution").contains("tenants without rows");
            assertThat(ferry("verify", "integrity", "--tenants", "kind_id").exitCode()).isEqualTo(2);
        }
    }

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(project, Map.of(), args);
    }

    private static long count(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
