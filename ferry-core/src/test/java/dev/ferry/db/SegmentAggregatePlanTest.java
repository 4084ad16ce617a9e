package dev.ferry.db;

import static dev.ferry.testing.QueryPlans.explain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Verification groups millions of rows into a few thousand key segments. PostgreSQL guesses one
 * group per key and, with little memory, sorts every row to disk first; in a transaction prepared
 * by {@link HashingSql#expectFewGroups} it hashes the segments instead.
 */
class SegmentAggregatePlanTest {
    private static final String SEGMENTS = "SELECT k / 1024 AS seg, COUNT(*), SUM(k) FROM t GROUP BY k / 1024";

    @Test
    void aSegmentAggregateHashesItsGroupsInsteadOfSortingEveryRow() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create(); Connection c = db.database().connect("test")) {
            db.exec("CREATE TABLE t (k bigint PRIMARY KEY)", "INSERT INTO t SELECT g FROM generate_series(1, 200000) g", "ANALYZE t");
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL work_mem = '64kB'");
                s.execute("SET LOCAL max_parallel_workers_per_gather = 0");
            }
            assertThat(explain(c, SEGMENTS)).as("without the preparation").contains("Sort");

            db.database().dialect().hashing().expectFewGroups(c);

            assertThat(explain(c, SEGMENTS)).contains("HashAggregate").doesNotContain("Sort");
            c.rollback();
        }
    }

    @Test
    void thePreparationEndsWithItsTransaction() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create(); Connection c = db.database().connect("test")) {
            c.setAutoCommit(false);
            db.database().dialect().hashing().expectFewGroups(c);
            c.rollback();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW enable_sort")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("on");
            }
        }
    }
}
