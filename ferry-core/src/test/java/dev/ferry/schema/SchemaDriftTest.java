package dev.ferry.schema;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.Ferry;
import dev.ferry.migration.MigrateOptions;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drift: the live schema compared with its applied migrations replayed into a scratch database,
 * on each server (the PostgreSQL service is replayed into the embedded PostgreSQL, another major
 * version, so the comparison must not depend on how a version prints a definition).
 */
class SchemaDriftTest {
    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    private static final String POSTGRES_SCHEMA = """
            CREATE TYPE order_status AS ENUM ('open', 'paid', 'shipped');
            CREATE DOMAIN positive_cents AS bigint CHECK (VALUE >= 0);
            CREATE TABLE customers (id serial PRIMARY KEY, email varchar(200) NOT NULL UNIQUE, name text, created_at timestamptz DEFAULT now());
            CREATE TABLE orders (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                customer_id int NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
                status order_status NOT NULL DEFAULT 'open',
                total positive_cents NOT NULL,
                CONSTRAINT orders_total_cap CHECK (total < 100000000)
            );
            CREATE INDEX orders_open ON orders (customer_id) WHERE status = 'open';
            CREATE VIEW open_orders AS SELECT o.id, c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = 'open';
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created_at := now(); RETURN NEW; END $$;
            CREATE TRIGGER customers_touch BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION touch();
            CREATE SEQUENCE invoice_numbers START 1000;
            ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
            CREATE POLICY orders_mine ON orders USING (customer_id > 0);
            """;

    private static final String MARIADB_SCHEMA = """
            CREATE TABLE customers (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(200) NOT NULL UNIQUE, name TEXT,
                created_at TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP);
            CREATE TABLE orders (
                id BIGINT AUTO_INCREMENT PRIMARY KEY,
                customer_id INT NOT NULL,
                status ENUM('open', 'paid', 'shipped') NOT NULL DEFAULT 'open',
                total BIGINT NOT NULL,
                CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE,
                CONSTRAINT orders_total_cap CHECK (total < 100000000)
            );
            CREATE INDEX orders_status ON orders (status, customer_id);
            CREATE VIEW open_orders AS SELECT o.id, c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = 'open';
            CREATE TRIGGER customers_touch BEFORE INSERT ON customers FOR EACH ROW SET NEW.created_at = NOW();
            """;

    private Ferry project(TestDatabase db) {
        write(dir.resolve("migrations/V1__shop.sql"), db.isMariaDb() ? MARIADB_SCHEMA : POSTGRES_SCHEMA);
        write(dir.resolve("migrations/V2__notes.sql"), "ALTER TABLE customers ADD COLUMN notes VARCHAR(500);\n");
        return Ferry.of(Projects.settings(dir, db));
    }

    private static List<String> described(DriftResult r) {
        return r.changes().stream().map(c -> c.change() + " " + c.kind() + " " + c.name()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aDatabaseAsItsMigrationsLeftItHasNoDrift(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = project(db)) {
            ferry.migrations().migrate(MigrateOptions.DEFAULTS);
            DriftResult r = ferry.schema().drift();
            assertThat(described(r)).isEmpty();
            assertThat(r.version()).isEqualTo("2");
            assertThat(ferry.schema().snapshot().objects()).extracting(SchemaObject::kind)
                    .contains("table", "column", "constraint", "index", "view", "trigger");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void changesMadeByHandAreEachNamed(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = project(db)) {
            ferry.migrations().migrate(MigrateOptions.DEFAULTS);
            db.exec("ALTER TABLE customers DROP COLUMN name", "CREATE INDEX customers_notes ON customers (notes)",
                    db.isMariaDb() ? "ALTER TABLE orders MODIFY total BIGINT NULL" : "ALTER TABLE orders ALTER COLUMN status DROP DEFAULT");
            DriftResult r = ferry.schema().drift();
            assertThat(described(r)).contains("REMOVED column customers.name",
                    db.isMariaDb() ? "ADDED index customers.customers_notes" : "ADDED index customers_notes",
                    db.isMariaDb() ? "CHANGED column orders.total" : "CHANGED column orders.status");
            assertThat(r.changes()).hasSize(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void anotherEnvironmentAndTheMigrationsFolderAreSidesOfADiff(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); TestDatabase older = server.create()) {
            String login = "    user: " + db.user() + "\n" + (db.password() == null || db.password().isEmpty() ? "" : "    password: " + db.password() + "\n");
            write(dir.resolve("ferry.yaml"), "environments:\n  test:\n    url: " + db.url() + "\n" + login
                    + "  older:\n    url: " + older.url() + "\n" + login);
            try (Ferry ferry = project(db)) {
                ferry.migrations().migrate(MigrateOptions.DEFAULTS);
                ferry.environment("older").migrations().migrate(MigrateOptions.DEFAULTS.withTarget("1"));

                assertThat(ferry.schema().diff("migrations", null)).isEmpty();
                assertThat(ferry.schema().diff("env:older", null)).extracting(c -> c.change() + " " + c.kind() + " " + c.name())
                        .containsExactly("ADDED column customers.notes");
                assertThat(ferry.schema().diff(null, "env:older")).extracting(SchemaChange::change)
                        .containsExactly(SchemaChange.Change.REMOVED);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void theSameSchemaSpelledDifferentlyIsNoDifference(TestServer server) throws Exception {
        try (TestDatabase a = server.create(); TestDatabase b = server.create()) {
            if (a.isMariaDb()) {
                a.exec("CREATE TABLE t (id INT PRIMARY KEY, n INTEGER DEFAULT 0, s VARCHAR(20) NOT NULL, CONSTRAINT t_s UNIQUE (s))");
                b.exec("CREATE TABLE t (id int(11) NOT NULL, s varchar(20) NOT NULL, n int DEFAULT '0', PRIMARY KEY (id), UNIQUE KEY t_s (s))");
            } else {
                a.exec("CREATE TABLE t (id int4 PRIMARY KEY, n integer DEFAULT 0, s varchar(20) NOT NULL, CONSTRAINT t_s UNIQUE (s), "
                        + "CONSTRAINT t_n CHECK (n >= 0))");
                b.exec("CREATE TABLE t (id INTEGER NOT NULL, s CHARACTER VARYING(20) NOT NULL, n INT DEFAULT (0), "
                        + "CONSTRAINT t_n CHECK (0 <= n OR false) NOT VALID, CONSTRAINT t_s UNIQUE (s), PRIMARY KEY (id))",
                        "ALTER TABLE t VALIDATE CONSTRAINT t_n");
            }
            SchemaSnapshot left = SchemaSnapshot.read(a.database(), List.of(), List.of(), null);
            SchemaSnapshot right = SchemaSnapshot.read(b.database(), List.of(), List.of(), null);
            List<SchemaChange> changes = SchemaDiff.between(relabel(left, "x"), relabel(right, "x"));
            if (a.isMariaDb()) {
                assertThat(changes).isEmpty();
            } else {
                // The check is written differently and the server keeps it as written: that is a real difference.
                assertThat(changes).extracting(SchemaChange::name).containsExactly("t.t_n");
            }
        }
    }

    private static SchemaSnapshot relabel(SchemaSnapshot s, String schema) {
        return new SchemaSnapshot(s.dialect(), List.of(schema),
                s.objects().stream().map(o -> new SchemaObject(schema, o.kind(), o.name(), o.definition())).toList());
    }
}
