package dev.ferry.db;

import static dev.ferry.testing.QueryPlans.explain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The integrity checks of a transfer verification run beside its comparison queries; a session
 * prepared by {@link IntegritySql#runQueriesSerially} plans no parallel workers for them.
 */
class SerialQueriesTest {
    private static final String ORPHANS = "SELECT COUNT(*) FROM child c LEFT JOIN parent p ON p.id = c.parent_id "
            + "WHERE c.parent_id IS NOT NULL AND p.id IS NULL";

    @Test
    void aSerialSessionPlansTheOrphanCheckWithoutParallelWorkers() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create(); Connection c = db.database().connect("test")) {
            db.exec("CREATE TABLE parent (id int PRIMARY KEY)", "CREATE TABLE child (id int PRIMARY KEY, parent_id int)",
                    "INSERT INTO parent SELECT g FROM generate_series(1, 20000) g",
                    "INSERT INTO child SELECT g, g % 20000 + 1 FROM generate_series(1, 50000) g", "ANALYZE parent", "ANALYZE child");
            try (Statement s = c.createStatement()) {
                // Small tables: make parallel plans look free, as they would for large ones.
                s.execute("SET parallel_setup_cost = 0");
                s.execute("SET parallel_tuple_cost = 0");
                s.execute("SET min_parallel_table_scan_size = 0");
            }
            assertThat(explain(c, ORPHANS)).as("before the preparation").contains("Gather");

            db.database().dialect().integrity().runQueriesSerially(c);

            assertThat(explain(c, ORPHANS)).doesNotContain("Gather").doesNotContain("Parallel");
        }
    }
}
