package dev.ferry.schema;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.migration.MigrateOptions;
import dev.ferry.migration.RollbackOptions;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ferry new --from-diff}: a change made by hand to a live database becomes a migration.
 * Round trip for every kind of object: the up script applied after the migrations makes the live
 * schema (the diff from the replayed migrations is empty), and its down script, run on a real
 * database, gives back the schema the migrations made before.
 */
class MigrationFromDiffTest {
    @TempDir
    Path dir;

    private static final String POSTGRES_BASE = """
            CREATE TYPE order_status AS ENUM ('open', 'paid', 'shipped');
            CREATE TABLE customers (id serial PRIMARY KEY, email varchar(200) NOT NULL UNIQUE, name text, created_at timestamptz DEFAULT now());
            CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id int NOT NULL,
                status order_status NOT NULL DEFAULT 'open', total bigint NOT NULL, note text);
            CREATE INDEX orders_by_customer ON orders (customer_id);
            CREATE VIEW big_orders AS SELECT id, customer_id FROM orders WHERE total > 1000;
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created_at := now(); RETURN NEW; END $$;
            CREATE TRIGGER customers_touch BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION touch();
            INSERT INTO customers (email, name) VALUES ('ann@example.com', 'Ann');
            INSERT INTO orders (customer_id, total, note) VALUES (1, 2500, 'first');
            """;

    private static final String MARIADB_BASE = """
            CREATE TABLE customers (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(200) NOT NULL UNIQUE, name VARCHAR(100),
                created_at TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP);
            CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL,
                status ENUM('open', 'paid', 'shipped') NOT NULL DEFAULT 'open', total BIGINT NOT NULL, note VARCHAR(100));
            CREATE INDEX orders_by_customer ON orders (customer_id);
            CREATE VIEW big_orders AS SELECT id, customer_id FROM orders WHERE total > 1000;
            CREATE TRIGGER customers_touch BEFORE INSERT ON customers FOR EACH ROW SET NEW.created_at = NOW();
            INSERT INTO customers (email, name) VALUES ('ann@example.com', 'Ann');
            INSERT INTO orders (customer_id, total, note) VALUES (1, 2500, 'first');
            """;

    /** One change made by hand: its statements on PostgreSQL and on MariaDB ({@code null}: the kind does not exist there). */
    record Change(String name, List<String> postgres, List<String> mariaDb, String rename) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Change> CHANGES = List.of(
            new Change("new table with foreign key, check, unique and partial index",
                    List.of("CREATE TABLE notes (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
                            + " body text CHECK (length(body) > 0), slug text UNIQUE)",
                            "CREATE INDEX notes_open ON notes (customer_id) WHERE body IS NOT NULL"),
                    List.of("CREATE TABLE notes (id INT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL, body TEXT CHECK (LENGTH(body) > 0),"
                            + " slug VARCHAR(50) UNIQUE, CONSTRAINT notes_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE)",
                            "CREATE INDEX notes_slug ON notes (slug, customer_id)"), null),
            new Change("table dropped", List.of("DROP VIEW big_orders", "DROP TABLE orders"),
                    List.of("DROP VIEW big_orders", "DROP TABLE orders"), null),
            new Change("column added with a default and a comment",
                    List.of("ALTER TABLE customers ADD COLUMN vip boolean NOT NULL DEFAULT false", "COMMENT ON COLUMN customers.vip IS 'pays more'"),
                    List.of("ALTER TABLE customers ADD COLUMN vip BOOLEAN NOT NULL DEFAULT FALSE COMMENT 'pays more'"), null),
            new Change("column dropped", List.of("ALTER TABLE customers DROP COLUMN name"), List.of("ALTER TABLE customers DROP COLUMN name"), null),
            new Change("column type changed", List.of("ALTER TABLE customers ALTER COLUMN email TYPE varchar(320)"),
                    List.of("ALTER TABLE customers MODIFY email VARCHAR(320) NOT NULL"), null),
            new Change("column made not null", List.of("ALTER TABLE orders ALTER COLUMN note SET NOT NULL"),
                    List.of("ALTER TABLE orders MODIFY note VARCHAR(100) NOT NULL"), null),
            new Change("column made nullable", List.of("ALTER TABLE orders ALTER COLUMN total DROP NOT NULL"),
                    List.of("ALTER TABLE orders MODIFY total BIGINT NULL"), null),
            new Change("defaults changed", List.of("ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'paid'",
                    "ALTER TABLE customers ALTER COLUMN created_at DROP DEFAULT"),
                    List.of("ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'paid'", "ALTER TABLE orders ALTER COLUMN total SET DEFAULT 0"), null),
            new Change("unique expression index added", List.of("CREATE UNIQUE INDEX customers_lower_email ON customers (lower(email))"),
                    List.of("CREATE UNIQUE INDEX customers_name_email ON customers (name, email)"), null),
            new Change("index changed", List.of("DROP INDEX orders_by_customer", "CREATE INDEX orders_by_customer ON orders (customer_id, status)"),
                    List.of("DROP INDEX orders_by_customer ON orders", "CREATE INDEX orders_by_customer ON orders (customer_id, status)"), null),
            new Change("foreign key added", List.of("ALTER TABLE orders ADD CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)"),
                    List.of("ALTER TABLE orders ADD CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)"), null),
            new Change("check added", List.of("ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0)"),
                    List.of("ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0)"), null),
            new Change("unique constraint added", List.of("ALTER TABLE customers ADD CONSTRAINT customers_name_key UNIQUE (name)"),
                    List.of("ALTER TABLE customers ADD CONSTRAINT customers_name_key UNIQUE (name)"), null),
            new Change("views changed and added", List.of("CREATE OR REPLACE VIEW big_orders AS SELECT id, customer_id, total FROM orders WHERE total > 1000",
                    "CREATE VIEW vip_customers AS SELECT id, email FROM customers WHERE name IS NOT NULL"),
                    List.of("CREATE OR REPLACE VIEW big_orders AS SELECT id, customer_id, total FROM orders WHERE total > 1000",
                            "CREATE VIEW vip_customers AS SELECT id, email FROM customers WHERE name IS NOT NULL"), null),
            new Change("sequences added and changed", List.of("CREATE SEQUENCE invoice_numbers START 1000",
                    "ALTER SEQUENCE customers_id_seq INCREMENT BY 10"),
                    List.of("CREATE SEQUENCE invoice_numbers START WITH 1000"), null),
            new Change("enum label added", List.of("ALTER TYPE order_status ADD VALUE 'cancelled' AFTER 'paid'"), null, null),
            new Change("domain added and used", List.of("CREATE DOMAIN email_address AS text CHECK (VALUE LIKE '%@%')",
                    "ALTER TABLE customers ADD COLUMN backup_email email_address"), null, null),
            new Change("functions changed and added", List.of(
                    "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created_at := clock_timestamp(); RETURN NEW; END $$",
                    "CREATE FUNCTION cents(x bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT x * 100 $$"),
                    List.of("CREATE FUNCTION cents(x BIGINT) RETURNS BIGINT DETERMINISTIC RETURN x * 100",
                            "CREATE PROCEDURE forget(IN who INT) BEGIN DELETE FROM orders WHERE customer_id = who; DELETE FROM customers WHERE id = who; END"),
                    null),
            new Change("triggers dropped and added", List.of("DROP TRIGGER customers_touch ON customers",
                    "CREATE TRIGGER customers_touch BEFORE INSERT OR UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION touch()"),
                    List.of("DROP TRIGGER customers_touch", "CREATE TRIGGER orders_note BEFORE INSERT ON orders FOR EACH ROW SET NEW.note = COALESCE(NEW.note, '-')"),
                    null),
            new Change("column renamed", List.of("ALTER TABLE customers RENAME COLUMN name TO full_name"),
                    List.of("ALTER TABLE customers RENAME COLUMN name TO full_name"), "customers.name=full_name"),
            new Change("table renamed", List.of("ALTER TABLE orders RENAME TO purchases"), List.of("DROP VIEW big_orders", "RENAME TABLE orders TO purchases"),
                    "orders=purchases"));

    static Stream<Arguments> roundTrips() {
        List<Arguments> out = new ArrayList<>();
        for (TestServer server : List.of(TestServer.embeddedPostgres(), TestServer.mariaDb())) {
            for (Change c : CHANGES) {
                if ((server.kind() == TestServer.Kind.POSTGRES ? c.postgres() : c.mariaDb()) != null) {
                    out.add(Arguments.of(server, c));
                }
            }
        }
        return out.stream();
    }

    static Stream<TestServer> servers() {
        return Stream.of(TestServer.embeddedPostgres(), TestServer.mariaDb());
    }

    private Ferry project(TestDatabase db) {
        write(dir.resolve("migrations/V1__shop.sql"), db.isMariaDb() ? MARIADB_BASE : POSTGRES_BASE);
        return Ferry.of(Projects.settings(dir, db));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("roundTrips")
    void aChangeMadeByHandBecomesAMigrationWhoseUpAndDownScriptsRoundTrip(TestServer server, Change change) throws Exception {
        try (TestDatabase db = server.create(); TestDatabase replica = server.create(); Ferry ferry = project(db);
             Ferry other = Ferry.of(Projects.settings(dir, replica))) {
            ferry.migrations().migrate(MigrateOptions.DEFAULTS);
            SchemaSnapshot original = ferry.schema().snapshot();
            db.exec((db.isMariaDb() ? change.mariaDb() : change.postgres()).toArray(String[]::new));
            List<SchemaRename> renames = change.rename() == null ? List.of() : List.of(SchemaRename.parse(change.rename()));

            GeneratedMigration g = ferry.schema().newMigrationFromDiff("by hand", null, renames);
            String up = Files.readString(g.files().get(0));
            String down = Files.readString(g.files().get(1));
            assertThat(g.version()).isEqualTo("2");
            assertThat(g.complete()).as(up).isTrue();
            assertThat(ferry.schema().diff("migrations", null)).as("migrations with\n" + up).isEmpty();

            other.migrations().migrate(MigrateOptions.DEFAULTS);
            other.migrations().rollback(RollbackOptions.steps(1), true);
            SchemaSnapshot undone = other.schema().snapshot().renamedTo(original.schemas());
            assertThat(SchemaDiff.between(original, undone)).as("after\n" + down).isEmpty();
            if (change.rename() != null) {
                assertThat(up).contains("RENAME").doesNotContain("DROP COLUMN").doesNotContain("DROP TABLE");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void inADbmateFolderBothScriptsGoIntoOneFileThatRoundTrips() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create(); TestDatabase replica = TestServer.embeddedPostgres().create()) {
            write(dir.resolve("migrations/20240101000000_shop.sql"), "-- migrate:up\n" + POSTGRES_BASE + "\n-- migrate:down\n"
                    + "DROP VIEW big_orders; DROP TABLE orders; DROP TABLE customers; DROP FUNCTION touch(); DROP TYPE order_status;\n");
            try (Ferry ferry = Ferry.of(Projects.settings(dir, db)); Ferry other = Ferry.of(Projects.settings(dir, replica))) {
                ferry.migrations().migrate(MigrateOptions.DEFAULTS);
                db.exec("ALTER TABLE customers ADD COLUMN phone text", "CREATE INDEX customers_phone ON customers (phone)");

                GeneratedMigration g = ferry.schema().newMigrationFromDiff("phones", null, List.of());

                assertThat(g.layout()).isEqualTo("dbmate");
                assertThat(g.files()).hasSize(1);
                String text = Files.readString(g.files().get(0));
                assertThat(text).startsWith("-- migrate:up\n-- phones\n").contains("\n-- migrate:down\n")
                        .contains("ADD COLUMN phone text;").contains("DROP COLUMN phone;");
                assertThat(ferry.schema().diff("migrations", null)).isEmpty();
                other.migrations().migrate(MigrateOptions.DEFAULTS);
                other.migrations().rollback(RollbackOptions.steps(1), true);
                assertThat(other.schema().snapshot().objects()).noneMatch(o -> o.name().contains("phone"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void riskyStepsAreMarkedAndPostgresUsesTheFormsThatDoNotBlockWrites(TestServer server) throws Exception {
        migrated(server, (db, ferry) -> {
            db.exec("ALTER TABLE customers DROP COLUMN name", "ALTER TABLE orders ADD CONSTRAINT orders_customer FOREIGN KEY (customer_id)"
                    + " REFERENCES customers (id)", db.isMariaDb() ? "ALTER TABLE orders MODIFY note VARCHAR(100) NOT NULL"
                    : "ALTER TABLE orders ALTER COLUMN note SET NOT NULL", db.isMariaDb() ? "ALTER TABLE customers MODIFY email VARCHAR(320) NOT NULL"
                    : "ALTER TABLE customers ALTER COLUMN email TYPE varchar(320)");
            GeneratedMigration g = ferry.schema().newMigrationFromDiff("tidy up", null, List.of());
            String up = Files.readString(g.files().get(0));
            assertThat(up).contains("-- data loss: drops column customers.name").contains("-- table rewrite:");
            assertThat(g.warnings()).anyMatch(w -> w.startsWith("data loss")).anyMatch(w -> w.startsWith("table rewrite"));
            if (db.isMariaDb()) {
                assertThat(up).contains("MariaDB has no NOT VALID");
            } else {
                assertThat(up).contains("FOREIGN KEY (customer_id) REFERENCES customers(id) NOT VALID;")
                        .contains("VALIDATE CONSTRAINT orders_customer;")
                        .contains("CHECK (note IS NOT NULL) NOT VALID;").contains("ALTER COLUMN note SET NOT NULL;");
                assertThat(up.indexOf("DROP COLUMN")).as("drops come before creates").isLessThan(up.indexOf("ADD CONSTRAINT"));
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void anIndexAloneIsBuiltConcurrentlyOutsideATransactionAndWithOtherChangesInsideIt(TestServer server) throws Exception {
        migrated(server, (db, ferry) -> {
            db.exec("CREATE INDEX orders_by_note ON orders (note)");
            GeneratedMigration alone = ferry.schema().newMigrationFromDiff("index notes", null, List.of());
            String up = Files.readString(alone.files().get(0));
            if (db.isMariaDb()) {
                assertThat(alone.outsideTransaction()).isFalse();
                return;
            }
            assertThat(alone.outsideTransaction()).isTrue();
            assertThat(up).contains("-- ferry:no-transaction").contains("CREATE INDEX CONCURRENTLY orders_by_note");
            ferry.migrations().migrate(MigrateOptions.DEFAULTS.withTarget("1"));
            Files.delete(alone.files().get(0));
            Files.delete(alone.files().get(1));

            db.exec("ALTER TABLE customers ADD COLUMN phone text");
            GeneratedMigration mixed = ferry.schema().newMigrationFromDiff("index and phone", null, List.of());
            String both = Files.readString(mixed.files().get(0));
            assertThat(mixed.outsideTransaction()).isFalse();
            assertThat(both).doesNotContainPattern("(?m)^-- ferry:no-transaction").contains("CREATE INDEX orders_by_note")
                    .contains("Not built CONCURRENTLY because");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aKeyTypeChangeToUuidIsLeftToExpandAndContract(TestServer server) throws Exception {
        migrated(server, (db, ferry) -> {
            db.exec("DROP VIEW big_orders", "DELETE FROM orders");
            db.exec(db.isMariaDb() ? new String[] {"ALTER TABLE orders MODIFY customer_id VARCHAR(36) NOT NULL",
                    "ALTER TABLE orders MODIFY customer_id UUID NOT NULL"}
                    : new String[] {"ALTER TABLE orders ALTER COLUMN customer_id TYPE uuid USING gen_random_uuid()"});
            GeneratedMigration g = ferry.schema().newMigrationFromDiff("uuid keys", null, List.of());
            String up = Files.readString(g.files().get(0));
            assertThat(g.complete()).isFalse();
            assertThat(g.byHand()).hasSize(1);
            assertThat(up).contains("-- BY HAND: orders.customer_id goes from").contains("expand/contract").doesNotContainIgnoringCase("uuid USING")
                    .doesNotContain("MODIFY COLUMN `");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aChangeTheGeneratorCannotWriteIsRefusedAndNothingIsWritten(TestServer server) throws Exception {
        migrated(server, (db, ferry) -> {
            Path dump = dir.resolve("schema.json");
            ferry.schema().snapshot().write(dump);
            if (db.isMariaDb()) {
                // A dump has no SHOW CREATE text to write MariaDB statements from.
                db.exec("ALTER TABLE customers ADD COLUMN phone VARCHAR(20)");
                ferry.schema().snapshot().write(dump);
            } else {
                write(dir.resolve("migrations/V2__cents.sql"), "CREATE DOMAIN cents AS bigint CHECK (VALUE >= 0);\n");
                ferry.migrations().migrate(MigrateOptions.DEFAULTS);
                db.exec("ALTER DOMAIN cents ADD CONSTRAINT cents_cap CHECK (VALUE < 1000000)");
            }
            String to = db.isMariaDb() ? "schema.json" : null;
            assertThatThrownBy(() -> ferry.schema().newMigrationFromDiff("cannot", to, List.of()))
                    .isInstanceOf(FerryException.class).hasMessageContaining("nothing was written")
                    .hasMessageContaining(db.isMariaDb() ? "no CREATE statement" : "domain")
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.FAILURE));
            assertThat(migrationFiles()).hasSize(db.isMariaDb() ? 1 : 2);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void noDifferenceWritesNothing(TestServer server) throws Exception {
        migrated(server, (db, ferry) -> {
            GeneratedMigration g = ferry.schema().newMigrationFromDiff("nothing", null, List.of());
            assertThat(g.files()).isEmpty();
            assertThat(g.changes()).isEmpty();
            assertThat(migrationFiles()).hasSize(1);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aRenameOfSomethingThatDoesNotExistIsInvalidInput(TestServer server) throws Exception {
        migrated(server, (db, ferry) -> {
            db.exec("ALTER TABLE customers RENAME COLUMN name TO full_name");
            assertThatThrownBy(() -> ferry.schema().newMigrationFromDiff("x", null, List.of(SchemaRename.parse("customers.nom=full_name"))))
                    .isInstanceOf(FerryException.class).hasMessageContaining("no column customers.nom");
            assertThatThrownBy(() -> SchemaRename.parse("customers.name")).hasMessageContaining("TABLE.COLUMN=NEW");
            assertThat(migrationFiles()).hasSize(1);
        });
    }

    /** A test's body, run on a database the base migration was applied to. */
    private interface Body {
        void run(TestDatabase db, Ferry ferry) throws Exception;
    }

    private void migrated(TestServer server, Body body) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = project(db)) {
            ferry.migrations().migrate(MigrateOptions.DEFAULTS);
            body.run(db, ferry);
        }
    }

    private List<Path> migrationFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("migrations"))) {
            return files.toList();
        }
    }
}
