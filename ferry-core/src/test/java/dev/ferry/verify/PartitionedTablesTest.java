package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.FerryException;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.PlanDescription;
import dev.ferry.transfer.TransferOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL's partitioned tables and table inheritance as transfer sources and targets: a
 * partitioned parent is read once through the parent and loaded through the parent into the
 * right partitions; an inheritance parent is read with its children unless a query says ONLY.
 * Verification counts and hashes the same rows the transfer read.
 */
class PartitionedTablesTest {
    @TempDir
    Path dir;

    private static final String PARTITIONED = "(id int NOT NULL, kind text NOT NULL, at date, PRIMARY KEY (id)) PARTITION BY RANGE (id)";

    private static String[] partitions(String table) {
        return new String[] {"CREATE TABLE " + table + "_low PARTITION OF " + table + " FOR VALUES FROM (1) TO (100)",
            "CREATE TABLE " + table + "_mid PARTITION OF " + table + " FOR VALUES FROM (100) TO (200)",
            "CREATE TABLE " + table + "_rest PARTITION OF " + table + " DEFAULT"};
    }

    @Test
    void aRangePartitionedTableWithADefaultPartitionIsReadOnceAndLandsInTheRightPartitions() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec("CREATE TABLE legacy_item " + PARTITIONED);
            source.exec(partitions("legacy_item"));
            source.exec("INSERT INTO legacy_item SELECT i, 'k' || (i % 7), DATE '2024-01-01' + i FROM generate_series(1, 450) i");
            target.exec("CREATE TABLE kinds (kind text PRIMARY KEY)", "INSERT INTO kinds SELECT 'k' || i FROM generate_series(0, 6) i",
                    "CREATE TABLE items " + PARTITIONED.replace("kind text NOT NULL", "kind text NOT NULL REFERENCES kinds"));
            target.exec(partitions("items"));
            target.exec("CREATE INDEX items_at ON items (at)");
            PlanRuns runs = new PlanRuns(dir);
            Path plan = runs.plan(source, target, "{column: id, strategy: keep}\n    defer_constraints: true",
                    "kind: kind\n      at: at\n");

            assertThat(runs.transfers(plan, source, target).describe().entities()).singleElement().satisfies(step -> {
                assertThat(step.source()).isEqualTo("legacy_item (partitions legacy_item_low, legacy_item_mid, legacy_item_rest)");
                assertThat(step.rowsToTransfer()).isEqualTo(450);
            });
            assertThat(runs.transfer(plan, source, target).status()).isEqualTo("completed");
            assertLandedPerPartition(target);
            assertThat(strings(target, "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'items'::regclass ORDER BY 1"))
                    .as("the deferred index is back on the parent").containsExactly("items_at", "items_pkey");
            assertThat(strings(target, "SELECT conname FROM pg_constraint WHERE conrelid = 'items'::regclass AND contype = 'f'"))
                    .as("the deferred foreign key is back on the parent").hasSize(1);
            assertClean(runs.verify(plan, source, target, VerifyLevel.RIGOROUS), 450);

            assertThat(runs.transfer(plan, source, target, TransferOptions.DEFAULTS.withFresh(true)).status()).isEqualTo("completed");
            assertLandedPerPartition(target);
            target.exec("UPDATE items SET kind = 'k0' WHERE id = 250 AND kind <> 'k0'");
            Finding content = runs.verify(plan, source, target, VerifyLevel.RIGOROUS).stream().filter(f -> f.check().equals("content"))
                    .findFirst().orElseThrow();
            assertThat(content.sample()).singleElement().satisfies(s -> assertThat(s).startsWith("changed: legacy key 250 "));
        }
    }

    @Test
    void anInheritanceParentIsReadWithItsChildrenUnlessTheQuerySaysOnly() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec("CREATE TABLE legacy_item (id int PRIMARY KEY, kind text NOT NULL)",
                    "CREATE TABLE legacy_dog (breed text) INHERITS (legacy_item)",
                    "INSERT INTO legacy_item SELECT i, 'animal' FROM generate_series(1, 30) i",
                    "INSERT INTO legacy_dog SELECT i, 'dog', 'collie' FROM generate_series(31, 50) i");
            target.exec("CREATE TABLE items (id int PRIMARY KEY, kind text NOT NULL)");
            PlanRuns runs = new PlanRuns(dir);
            Path plan = runs.plan(source, target, "{column: id, strategy: keep}", "kind: kind\n");
            assertThat(runs.transfers(plan, source, target).describe().entities()).extracting(PlanDescription.Step::source)
                    .containsExactly("legacy_item (with inheriting tables legacy_dog)");

            assertThat(runs.transfer(plan, source, target).status()).isEqualTo("completed");
            assertThat(strings(target, "SELECT kind || ' ' || count(*) FROM items GROUP BY kind ORDER BY kind"))
                    .containsExactly("animal 30", "dog 20");
            assertClean(runs.verify(plan, source, target, VerifyLevel.RIGOROUS), 50);

            Path only = Files.writeString(dir.resolve("only.yaml"), Files.readString(plan)
                    .replace("from: legacy_item", "query: SELECT id, kind FROM ONLY legacy_item"));
            assertThat(runs.transfer(only, source, target, TransferOptions.DEFAULTS.withFresh(true)).status()).isEqualTo("completed");
            assertThat(strings(target, "SELECT kind || ' ' || count(*) FROM items GROUP BY kind")).containsExactly("animal 30");
            assertClean(runs.verify(only, source, target, VerifyLevel.RIGOROUS), 30);
        }
    }

    @Test
    void anInheritanceParentAsTargetIsRefusedAtPlanTimeNamingItsChildren() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec("CREATE TABLE legacy_item (id int PRIMARY KEY, kind text NOT NULL)", "INSERT INTO legacy_item VALUES (1, 'a')");
            target.exec("CREATE TABLE items (id int PRIMARY KEY, kind text NOT NULL)", "CREATE TABLE items_old () INHERITS (items)",
                    "INSERT INTO items_old VALUES (7, 'kept')");
            PlanRuns runs = new PlanRuns(dir);
            Path plan = runs.plan(source, target, "{column: id, strategy: keep}", "kind: kind\n");

            assertThatThrownBy(() -> runs.transfer(plan, source, target, TransferOptions.DEFAULTS.withFresh(true)))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.getMessage())
                            .contains("target table public.items has tables inheriting from it (items_old)"));
            assertThat(strings(target, "SELECT kind FROM items")).as("nothing deleted, nothing written").containsExactly("kept");
        }
    }

    private static void assertLandedPerPartition(TestDatabase target) throws Exception {
        assertThat(strings(target, "SELECT tableoid::regclass::text || ' ' || count(*) FROM items GROUP BY tableoid ORDER BY 1"))
                .containsExactly("items_low 99", "items_mid 100", "items_rest 251");
    }

    private static void assertClean(List<Finding> findings, int rows) {
        assertThat(findings).allMatch(f -> f.status() == CheckStatus.PASSED, "all passed: " + findings);
        assertThat(findings).filteredOn(f -> f.check().equals("completeness")).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith(rows + " source rows = " + rows + " target rows"));
        assertThat(findings).filteredOn(f -> f.check().equals("content")).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith(rows + " rows equal").contains("all equal"));
    }

    private static List<String> strings(TestDatabase db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.database().connect("test"); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
