package dev.ferry.dashboard;

import static dev.ferry.testing.Projects.write;

import dev.ferry.Ferry;
import dev.ferry.migration.MigrateOptions;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;

/**
 * A small project on the embedded PostgreSQL for the dashboard tests: a migrated target with a
 * {@code people} table, a legacy source whose row 7 breaks the target's check constraint (so it
 * is rejected), and a transfer plan of small batches between them. The environment's settings
 * carry a password, which nothing the dashboard answers may contain.
 */
final class DashboardProject implements AutoCloseable {
    static final String PASSWORD = "s3cret-pw-never-shown";
    static final String REJECTED_KEY = "7";

    final Path dir;
    final TestDatabase source;
    final TestDatabase target;
    final Ferry ferry;

    private DashboardProject(Path dir, TestDatabase source, TestDatabase target, Ferry ferry) {
        this.dir = dir;
        this.source = source;
        this.target = target;
        this.ferry = ferry;
    }

    static DashboardProject create(Path dir, int rows) throws Exception {
        TestDatabase source = TestServer.embeddedPostgres().create();
        TestDatabase target = TestServer.embeddedPostgres().create();
        source.exec("CREATE TABLE legacy_people (id INT PRIMARY KEY, name TEXT, age INT)",
                "INSERT INTO legacy_people SELECT g, 'person ' || g, CASE WHEN g = " + REJECTED_KEY + " THEN -1 ELSE g % 90 END "
                        + "FROM generate_series(1, " + rows + ") g");
        write(dir.resolve("migrations/V1__people.sql"),
                "CREATE TABLE people (id UUID PRIMARY KEY, name VARCHAR(40) NOT NULL, age INT CONSTRAINT age_not_negative CHECK (age >= 0));\n");
        Projects.transferPlan(dir.resolve("transfer.yaml"), source, target, "defaults:\n  batch_size: 10\n  max_rejects: 5\nentities:\n"
                + "  people:\n    from: legacy_people\n    to: people\n    key: {column: id}\n    columns:\n      name: name\n      age: age\n");
        String url = target.url() + (target.url().contains("?") ? "&" : "?") + "password=" + PASSWORD;
        Ferry ferry = Ferry.of(Projects.settings(dir, target).withConnection(url, target.user(), PASSWORD));
        ferry.migrations().migrate(MigrateOptions.DEFAULTS);
        return new DashboardProject(dir, source, target, ferry);
    }

    @Override
    public void close() {
        ferry.close();
        target.close();
        source.close();
    }
}
