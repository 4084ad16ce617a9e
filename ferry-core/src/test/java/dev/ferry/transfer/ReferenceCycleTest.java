package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables that point at each other: the plan loads one side without the reference and fills it in
 * a later update entity. The source's foreign key on the column left out must not make a cycle.
 */
class ReferenceCycleTest {
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
            String[] ddl = {"CREATE TABLE a (id INT PRIMARY KEY, c_id INT)", "CREATE TABLE b (id INT PRIMARY KEY, a_id INT NOT NULL REFERENCES a (id))",
                "CREATE TABLE c (id INT PRIMARY KEY, b_id INT NOT NULL REFERENCES b (id))",
                "ALTER TABLE a ADD CONSTRAINT a_c FOREIGN KEY (c_id) REFERENCES c (id)"};
            source.exec(ddl);
            source.exec("INSERT INTO a VALUES (1, NULL)", "INSERT INTO b VALUES (1, 1)", "INSERT INTO c VALUES (1, 1)",
                    "UPDATE a SET c_id = 1");
            target.exec(ddl);
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
}
