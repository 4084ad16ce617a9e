package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.db.Database;
import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.ExpectedRows;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.TransferOptions;
import dev.ferry.transfer.Transfers;
import dev.ferry.transfer.plan.PlanLoader;
import dev.ferry.transfer.transform.Transforms;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Standard verification hashes key segments inside the target database and in Ferry; these tests
 * prove both sides hash every column type alike on each server (no segment needs a closer look
 * after a clean transfer) and that a difference is still named down to the row.
 */
class SegmentHashTest {
    @TempDir
    Path dir;

    private final Transforms transforms = new Transforms(getClass().getClassLoader());

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    private List<Finding> verify(Path plan, TestDatabase source, TestDatabase target) {
        try (ExpectedRows expected = ExpectedRows.open(new PlanLoader(Map.of(), transforms).load(plan), source.database(),
                target.database(), transforms)) {
            return new PlanVerifier(expected, target.database()).verify(VerifyLevel.STANDARD, List.of());
        }
    }

    private void transfer(Path plan, TestDatabase source, TestDatabase target) {
        Database s = source.database();
        Database t = target.database();
        new Transfers(new PlanLoader(Map.of(), transforms).load(plan), spec -> spec.url().equals(source.url()) ? s : t, transforms,
                dir.resolve(".ferry"), TransferListener.NONE).run(TransferOptions.DEFAULTS);
    }

    private static void exec(TestDatabase db, String... sql) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private static Finding content(List<Finding> findings, String entity) {
        return findings.stream().filter(f -> f.check().equals("content") && f.subject().equals(entity)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void everyColumnTypeHashesAlikeInTheTargetAndInFerry(TestServer server) throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = server.create()) {
            ClinicProject.fillSource(source, 0.001);
            if (target.isMariaDb()) {
                ClinicProject.createMariaDbTarget(target);
            } else {
                ClinicProject.migrateTarget(target, dir);
            }
            Path plan = ClinicProject.plan(dir, source, target);
            transfer(plan, source, target);

            List<Finding> clean = verify(plan, source, target);
            for (String entity : ClinicProject.targetTables()) {
                assertThat(content(clean, entity).status()).isEqualTo(CheckStatus.PASSED);
                assertThat(content(clean, entity).message()).as(entity).endsWith("hashed in both databases, all equal)");
            }

            exec(target, "UPDATE orders SET status = 'tampered' WHERE CAST(id AS CHAR(36)) = "
                    + "(SELECT new_key FROM ferry_id_map WHERE entity = 'orders' AND legacy_key = '12')");
            exec(source, "DELETE FROM dispatch_order WHERE id = 13");
            Finding orders = content(verify(plan, source, target), "orders");
            assertThat(orders.status()).isEqualTo(CheckStatus.FAILED);
            assertThat(orders.message()).startsWith("0 missing, 1 changed, 1 extra");
            assertThat(orders.sample()).anyMatch(x -> x.startsWith("changed: legacy key 12 ") && x.contains("status: expected"))
                    .anyMatch(x -> x.startsWith("extra: legacy key 13 "));
        }
    }

    @Test
    void standardNamesTheOneChangedRowAmongAMillion() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            exec(source, "CREATE TABLE legacy_item (id bigint PRIMARY KEY, name text NOT NULL, price numeric(12, 2), added timestamp)",
                    "INSERT INTO legacy_item SELECT g, 'item ' || g, (g % 10000) / 100.0, timestamp '2020-01-01' + g * interval '1 second' "
                            + "FROM generate_series(1, 1000000) g");
            exec(target, "CREATE TABLE items (id uuid PRIMARY KEY, name text NOT NULL, price numeric(12, 2), added timestamp)");
            Path plan = Projects.write(dir.resolve("items.yaml"), "source: " + ClinicProject.connection(source) + "\n"
                    + "target: " + ClinicProject.connection(target) + "\n"
                    + "entities:\n  items:\n    from: legacy_item\n    to: items\n    key: {column: id}\n"
                    + "    columns: {name: name, price: price, added: added}\n");
            transfer(plan, source, target);
            exec(target, "UPDATE items SET price = price + 0.01 WHERE id::text = "
                    + "(SELECT new_key FROM ferry_id_map WHERE entity = 'items' AND legacy_key = '765432')");

            Finding items = content(verify(plan, source, target), "items");

            assertThat(items.status()).isEqualTo(CheckStatus.FAILED);
            assertThat(items.message()).startsWith("0 missing, 1 changed, 0 extra (of 1000000 expected;")
                    .endsWith("key segment(s) hashed in both databases, 1 compared row by row)");
            assertThat(items.sample()).singleElement().asString().startsWith("changed: legacy key 765432 ").contains("price: expected");
        }
    }
}
