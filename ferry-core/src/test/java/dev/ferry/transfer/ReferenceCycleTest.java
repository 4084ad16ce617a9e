package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testing.Projects;
import dev.ferry.testing.StoresCycle;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables that point at each other: the plan loads one side without the reference and fills it in
 * a later update entity, or Ferry itself writes a nullable reference NULL and fills it in a second
 * pass. The source's foreign key on a column left out must not make a cycle.
 */
class ReferenceCycleTest {
    /** Three tables in a ring: a -> c -> b -> a; only a.c_id may be NULL. */
    private static final String[] RING = {"CREATE TABLE a (id INT PRIMARY KEY, c_id INT)",
        "CREATE TABLE b (id INT PRIMARY KEY, a_id INT NOT NULL REFERENCES a (id))",
        "CREATE TABLE c (id INT PRIMARY KEY, b_id INT NOT NULL REFERENCES b (id))",
        "ALTER TABLE a ADD CONSTRAINT a_c FOREIGN KEY (c_id) REFERENCES c (id)"};

    @TempDir
    Path dir;

    private static List<String> order(Transfers transfers) {
        return transfers.describe().entities().stream().map(s -> s.entity()).toList();
    }

    @Test
    void aStoreAndItsManagerLoadInTwoPassesWhenThePlanFillsTheManagerLater() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            String schema = "CREATE TABLE store (id INT PRIMARY KEY, name TEXT NOT NULL, manager_id INT)";
            String staff = "CREATE TABLE staff (id INT PRIMARY KEY, name TEXT NOT NULL, store_id INT NOT NULL REFERENCES store (id))";
            String cycle = "ALTER TABLE store ADD CONSTRAINT store_manager FOREIGN KEY (manager_id) REFERENCES staff (id)";
            source.exec(schema, staff, cycle,
                    "INSERT INTO store VALUES (1, 'north', NULL), (2, 'south', NULL)",
                    "INSERT INTO staff VALUES (10, 'Ada', 1), (20, 'Grace', 2), (30, 'Edsger', 2)",
                    "UPDATE store SET manager_id = CASE id WHEN 1 THEN 10 ELSE 20 END");
            target.exec(schema, staff, cycle);
            Path plan = Projects.transferPlan(dir.resolve("stores.yaml"), source, target, """
                    entities:
                      stores:
                        from: store
                        to: store
                        key: {column: id, strategy: keep}
                        columns:
                          name: name
                      staff:
                        from: staff
                        to: staff
                        key: {column: id, strategy: keep}
                        columns:
                          name: name
                          store_id: store_id
                      store_managers:
                        mode: update
                        from: store
                        to: store
                        key: {column: id, strategy: keep, target: id}
                        columns:
                          manager_id: manager_id
                    """);
            Transfers transfers = TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE);
            assertThat(order(transfers)).containsExactly("stores", "staff", "store_managers");
            TransferResult r = transfers.run(TransferOptions.DEFAULTS);
            assertThat(r.entities()).allSatisfy(e -> assertThat(e.rowsRejected()).isZero());
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM store s JOIN staff m ON m.id = s.manager_id "
                    + "WHERE (s.id, m.id) IN ((1, 10), (2, 20))")).isEqualTo(2);
        }
    }

    @Test
    void aThreeTableCycleIsOrderedByTheReferencesThePlanReads() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec(RING);
            source.exec("INSERT INTO a VALUES (1, NULL)", "INSERT INTO b VALUES (1, 1)", "INSERT INTO c VALUES (1, 1)",
                    "UPDATE a SET c_id = 1");
            target.exec(RING);
            Path plan = Projects.transferPlan(dir.resolve("abc.yaml"), source, target, """
                    entities:
                      c_rows:
                        from: c
                        to: c
                        key: {column: id, strategy: keep}
                        columns: {b_id: b_id}
                      b_rows:
                        from: b
                        to: b
                        key: {column: id, strategy: keep}
                        columns: {a_id: a_id}
                      a_rows:
                        from: a
                        to: a
                        key: {column: id, strategy: keep}
                      a_links:
                        mode: update
                        from: a
                        to: a
                        key: {column: id, strategy: keep, target: id}
                        columns: {c_id: c_id}
                    """);
            Transfers transfers = TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE);
            assertThat(order(transfers)).containsExactly("a_rows", "b_rows", "c_rows", "a_links");
            transfers.run(TransferOptions.DEFAULTS);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM a WHERE c_id = 1")).isEqualTo(1);
        }
    }

    /** Creates the stores in the source and {@code target}'s tables (after {@code targetChanges}), and the transfers of {@code plan}. */
    private Transfers stores(TestDatabase source, TestDatabase target, String plan, TransferListener listener, String... targetChanges)
            throws Exception {
        source.exec(StoresCycle.SOURCE);
        target.exec(StoresCycle.TARGET);
        target.exec(targetChanges);
        return TransferEngineTest.transfers(Projects.transferPlan(dir.resolve("stores.yaml"), source, target, plan), source, target, dir,
                listener);
    }

    @Test
    void aCycleOfReferencesIsBrokenOnTheNullableColumnWhichASecondPassFillsAfterItsParent() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Transfers transfers = stores(source, target, StoresCycle.PLAN, TransferListener.NONE);
            PlanDescription d = transfers.describe();
            assertThat(order(transfers)).containsExactly("store", "staff");
            assertThat(d.secondPasses()).singleElement().satisfies(p -> {
                assertThat(p.step()).isEqualTo("store.manager_staff_id");
                assertThat(p.after()).isEqualTo("staff");
                assertThat(p.reason()).isEqualTo("breaks the cycle store -> staff -> store");
                assertThat(p.rowsToFill()).isEqualTo(10);
            });
            assertThat(d.entities().get(1).edges()).containsExactly(new PlanDescription.Edge("store", "store_id", "plan reference", false));
            assertThat(d.entities().get(0).edges()).containsExactly(new PlanDescription.Edge("staff", "manager_staff_id", "plan reference", true));

            TransferResult r = transfers.run(TransferOptions.DEFAULTS);
            assertThat(r.entities()).extracting(EntityReport::entity).containsExactly("store", "staff", "store.manager_staff_id");
            assertThat(r.entities()).allSatisfy(e -> assertThat(e.rowsRejected()).isZero());
            assertThat(r.entities().get(2).rowsWritten()).isEqualTo(10);
            assertThat(TransferEngineTest.count(target, StoresCycle.RIGHT_MANAGERS)).isEqualTo(10);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM staff st JOIN store s ON s.id = st.store_id")).isEqualTo(30);
        }
    }

    @Test
    void aCycleLoadedInTwoPassesIsLoadedAgainWithFreshAndRolledBackInTheReverseOrder() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Transfers transfers = stores(source, target, StoresCycle.PLAN, TransferListener.NONE);
            transfers.run(TransferOptions.DEFAULTS);
            TransferResult again = transfers.run(TransferOptions.DEFAULTS.withFresh(true));
            assertThat(TransferEngineTest.count(target, StoresCycle.RIGHT_MANAGERS)).isEqualTo(10);

            TransferRollbackResult r = transfers.rollback(again.runId(), TransferRollbackOptions.DEFAULTS.withBatchSize(4));
            assertThat(r.rowsRemoved()).isEqualTo(40);
            assertThat(TransferEngineTest.count(target, "SELECT (SELECT COUNT(*) FROM store) + (SELECT COUNT(*) FROM staff)")).isZero();
        }
    }

    @Test
    void aThreeTableCycleIsBrokenOnItsOneNullableReference() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec(RING);
            source.exec("INSERT INTO a SELECT g, NULL FROM generate_series(1, 5) g", "INSERT INTO b SELECT g, g FROM generate_series(1, 5) g",
                    "INSERT INTO c SELECT g, g FROM generate_series(1, 5) g", "UPDATE a SET c_id = 6 - id WHERE id < 5");
            target.exec(RING);
            Path plan = Projects.transferPlan(dir.resolve("abc.yaml"), source, target, """
                    entities:
                      c_rows:
                        from: c
                        to: c
                        key: {column: id, strategy: keep}
                        references: {b_id: {entity: b_rows}}
                      b_rows:
                        from: b
                        to: b
                        key: {column: id, strategy: keep}
                        references: {a_id: {entity: a_rows}}
                      a_rows:
                        from: a
                        to: a
                        key: {column: id, strategy: keep}
                        references: {c_id: {entity: c_rows}}
                    """);
            Transfers transfers = TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE);
            assertThat(order(transfers)).containsExactly("a_rows", "b_rows", "c_rows");
            assertThat(transfers.describe().secondPasses()).extracting(PlanDescription.SecondPass::step).containsExactly("a_rows.c_id");
            TransferResult r = transfers.run(TransferOptions.DEFAULTS);
            assertThat(r.entities().get(3).rowsWritten()).isEqualTo(4);
            assertThat(r.entities().get(3).rowsFiltered()).isEqualTo(1);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM a WHERE c_id = 6 - id")).isEqualTo(4);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM a WHERE c_id IS NULL")).isEqualTo(1);
        }
    }

    @Test
    void aCycleWhoseEveryColumnIsNotNullIsRefusedNamingTheColumnsToRelax() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Transfers transfers = stores(source, target, StoresCycle.PLAN, TransferListener.NONE,
                    "ALTER TABLE store ALTER COLUMN manager_staff_id SET NOT NULL");
            assertThatThrownBy(transfers::describe).isInstanceOf(FerryException.class)
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("cycle: store -> staff -> store")
                    .hasMessageContaining("public.store.manager_staff_id is NOT NULL")
                    .hasMessageContaining("public.staff.store_id is NOT NULL")
                    .hasMessageContaining("deferred: true");
            assertThatThrownBy(() -> transfers.run(TransferOptions.DEFAULTS)).hasMessageContaining("cycle: store -> staff -> store");
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM store")).isZero();

            Path deferred = Projects.transferPlan(dir.resolve("deferred.yaml"), source, target,
                    StoresCycle.PLAN.replace("{entity: store}", "{entity: store, deferred: true}"));
            assertThatThrownBy(() -> TransferEngineTest.transfers(deferred, source, target, dir, TransferListener.NONE).describe())
                    .hasMessageContaining("reference 'store_id' says deferred: true, but public.staff.store_id is NOT NULL in the target");
        }
    }

    @Test
    void aDeferredReferenceWaitsForASecondPassEvenWithoutACycleAndItsMissingParentsAndUnwrittenRowsAreRejectedThere() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Transfers transfers = stores(source, target, """
                    entities:
                      store:
                        from: store
                        where: "id <> 3"
                        key: {column: id}
                        columns: {name: name}
                      staff:
                        from: staff
                        key: {column: id}
                        max_rejects: 5
                        columns: {name: name}
                        references:
                          store_id: {entity: store, deferred: true}
                    """, TransferListener.NONE, "ALTER TABLE staff ALTER COLUMN store_id DROP NOT NULL",
                    "ALTER TABLE staff ADD CONSTRAINT not_seven CHECK (name <> 'staff 7')");
            assertThat(transfers.describe().secondPasses()).singleElement()
                    .satisfies(p -> assertThat(p.reason()).isEqualTo("deferred: true"));
            TransferResult r = transfers.run(TransferOptions.DEFAULTS);
            EntityReport pass = r.entities().stream().filter(e -> e.entity().equals("staff.store_id")).findFirst().orElseThrow();
            assertThat(pass.rowsRead()).isEqualTo(30);
            assertThat(pass.rowsWritten()).isEqualTo(26);
            assertThat(pass.rowsRejected()).isEqualTo(4);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_rejects WHERE entity = 'staff.store_id' AND legacy_key = '7' "
                    + "AND error LIKE 'no target row to update: % (entity staff did not write the row, see its rejects)%'")).isEqualTo(1);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_rejects WHERE entity = 'staff.store_id' "
                    + "AND error LIKE 'parent missing: store 3%'")).isEqualTo(3);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM staff WHERE store_id IS NULL")).isEqualTo(3);
        }
    }

    @Test
    void aSecondPassInterruptedMidwayIsResumedAndFillsEachRowOnce() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec(StoresCycle.SOURCE);
            target.exec(StoresCycle.TARGET);
            Path plan = Projects.transferPlan(dir.resolve("stores.yaml"), source, target, StoresCycle.PLAN);
            AtomicInteger passBatches = new AtomicInteger();
            TransferListener crash = e -> {
                if (e instanceof TransferEvent.BatchCommitted && "store.manager_staff_id".equals(e.entity()) && passBatches.incrementAndGet() == 2) {
                    throw new IllegalStateException("simulated crash in the second pass");
                }
            };
            assertThatThrownBy(() -> TransferEngineTest.transfers(plan, source, target, dir, crash).run(TransferOptions.DEFAULTS.withBatchSize(3)))
                    .hasMessageContaining("simulated crash");
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM store WHERE manager_staff_id IS NOT NULL")).isEqualTo(6);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_transfer_checkpoints WHERE entity = 'store.manager_staff_id' "
                    + "AND status <> 'done'")).isEqualTo(1);

            TransferResult r = TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE)
                    .run(TransferOptions.DEFAULTS.withBatchSize(3));
            assertThat(r.resumed()).isTrue();
            EntityReport pass = r.entities().stream().filter(e -> e.entity().equals("store.manager_staff_id")).findFirst().orElseThrow();
            assertThat(pass.rowsRead()).isEqualTo(10);
            assertThat(pass.rowsWritten()).isEqualTo(10);
            assertThat(TransferEngineTest.count(target, StoresCycle.RIGHT_MANAGERS)).isEqualTo(10);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM staff")).isEqualTo(30);
        }
    }

    @Test
    void aCycleIsBrokenTheSameWayFromPostgresIntoMariaDb() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.mariaDb().create()) {
            source.exec(StoresCycle.SOURCE);
            target.exec("CREATE TABLE store (id CHAR(36) PRIMARY KEY, name VARCHAR(40) NOT NULL, manager_staff_id CHAR(36))",
                    "CREATE TABLE staff (id CHAR(36) PRIMARY KEY, name VARCHAR(40) NOT NULL, store_id CHAR(36) NOT NULL, "
                            + "FOREIGN KEY (store_id) REFERENCES store (id))",
                    "ALTER TABLE store ADD CONSTRAINT store_manager FOREIGN KEY (manager_staff_id) REFERENCES staff (id)");
            Transfers transfers = TransferEngineTest.transfers(Projects.transferPlan(dir.resolve("stores.yaml"), source, target, StoresCycle.PLAN),
                    source, target, dir, TransferListener.NONE);
            TransferResult r = transfers.run(TransferOptions.DEFAULTS);
            assertThat(r.entities()).extracting(EntityReport::entity).containsExactly("store", "staff", "store.manager_staff_id");
            assertThat(r.entities()).allSatisfy(e -> assertThat(e.rowsRejected()).isZero());
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM store s JOIN ferry_id_map ms ON ms.entity = 'store' "
                    + "AND ms.new_key = s.id JOIN ferry_id_map mm ON mm.entity = 'staff' AND mm.new_key = s.manager_staff_id "
                    + "WHERE CAST(mm.legacy_key AS SIGNED) = CAST(ms.legacy_key AS SIGNED) + 10")).isEqualTo(10);
        }
    }
}
