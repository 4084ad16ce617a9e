package dev.ferry.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.config.ConfigOverrides;
import dev.ferry.testing.Fingerprint;
import dev.ferry.testing.Projects;
import dev.ferry.testing.RewritingTriggers;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A restore writes exactly the archived values, whatever the table's triggers, keys or layout, and checks it by content. */
class ExactRestoreTest {
    @TempDir
    Path project;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    static Stream<TestServer> postgres() {
        return TestServer.all().filter(s -> s.kind() == TestServer.Kind.POSTGRES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aTableWithARewritingTriggerIsRestoredExactlyOrRefusedOnMariaDb(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            db.exec("CREATE TABLE stamped (id INT PRIMARY KEY, note VARCHAR(50), stamp VARCHAR(40))",
                    "INSERT INTO stamped VALUES (1, 'one', '2024-01-02 03:04:05'), (2, 'two', NULL), (3, 'three', 'kept')");
            String before = Fingerprint.of(db, "stamped");
            Path archive = ferry.backups().backup(BackupOptions.DEFAULTS).archive();
            RewritingTriggers.create(db, "stamped", "stamp");
            db.exec("DELETE FROM stamped WHERE id = 2");
            String damaged = Fingerprint.of(db, "stamped");

            if (db.isMariaDb()) {
                assertThatThrownBy(() -> ferry.backups().restore(RestoreOptions.of(archive).withConfirmed(true)))
                        .isInstanceOf(FerryException.class)
                        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY))
                        .hasMessageContaining("stamped_ins, stamped_upd").hasMessageContaining("Nothing was changed");
                assertThat(Fingerprint.of(db, "stamped")).isEqualTo(damaged);
                try (Stream<Path> archives = Files.list(archive.getParent())) {
                    assertThat(archives).as("refused before its safety backup").containsExactly(archive);
                }
                return;
            }
            ferry.backups().restore(RestoreOptions.of(archive).withConfirmed(true));

            assertThat(Fingerprint.of(db, "stamped")).isEqualTo(before);
            db.exec("INSERT INTO stamped VALUES (4, 'four', 'given')");
            assertThat(string(db, "SELECT stamp FROM stamped WHERE id = 4")).as("the trigger is on again").isEqualTo(RewritingTriggers.VALUE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void valuesChangedOnTheWayInFailTheContentCheckAndRollBack(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            db.exec("CREATE TABLE fees (id INT PRIMARY KEY, fee DECIMAL(10, 2))", "INSERT INTO fees VALUES (1, 12.50), (2, 3.00)");
            Path archive = ferry.backups().backup(BackupOptions.DEFAULTS).archive();
            // Same rows, same count, but the narrower column rounds 12.50 to 13 on the way in.
            db.exec(db.isMariaDb() ? "ALTER TABLE fees MODIFY fee DECIMAL(10, 0)" : "ALTER TABLE fees ALTER COLUMN fee TYPE DECIMAL(10, 0)",
                    "DELETE FROM fees WHERE id = 2");
            String changed = Fingerprint.of(db, "fees");

            assertThatThrownBy(() -> ferry.backups().restore(RestoreOptions.of(archive).withConfirmed(true)))
                    .isInstanceOf(FerryException.class)
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.VALIDATION_FAILED))
                    .hasMessageContaining("fees").hasMessageContaining("differ from the archive").hasMessageContaining("rolled back");
            assertThat(Fingerprint.of(db, "fees")).isEqualTo(changed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void anAutoIncrementKeyZeroComesBackAsZero(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            if (db.isMariaDb()) {
                try (Connection c = db.database().connect("test"); Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE codes (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20))");
                    st.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO')");
                    st.execute("INSERT INTO codes VALUES (0, 'zero'), (1, 'one'), (2, 'two')");
                }
            } else {
                db.exec("CREATE TABLE codes (id SERIAL PRIMARY KEY, name VARCHAR(20))", "INSERT INTO codes VALUES (0, 'zero'), (1, 'one'), (2, 'two')");
            }
            String before = Fingerprint.of(db, "codes");
            Path archive = ferry.backups().backup(BackupOptions.DEFAULTS).archive();
            db.exec("DELETE FROM codes");

            ferry.backups().restore(RestoreOptions.of(archive).withConfirmed(true));

            assertThat(Fingerprint.of(db, "codes")).isEqualTo(before);
            assertThat(strings(db, "SELECT id FROM codes ORDER BY id")).containsExactly("0", "1", "2");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postgres")
    void aPartitionedTableIsBackedUpAndRestoredIntoTheSameLayout(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase drill = server.create()) {
            writeEnvironments(source, drill);
            source.exec("CREATE TABLE events (id INT NOT NULL, at DATE NOT NULL, note TEXT, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)",
                    "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
                    "CREATE TABLE events_other PARTITION OF events DEFAULT",
                    "CREATE INDEX events_note ON events (note)",
                    "CREATE TABLE kinds (id INT PRIMARY KEY, name TEXT)",
                    "INSERT INTO kinds VALUES (1, 'one')",
                    "INSERT INTO events SELECT g, DATE '2023-11-01' + g, 'event ' || g FROM generate_series(1, 400) g");
            String events = Fingerprint.of(source, "events");
            List<String> layout = layout(source);
            try (Ferry ferry = Ferry.load(project, null, ConfigOverrides.NONE)) {
                BackupResult backup = ferry.backups().backup(BackupOptions.DEFAULTS);
                assertThat(backup.tables()).extracting(BackupResult.TableSummary::table).containsExactlyInAnyOrder("public.events", "public.kinds");
                assertThat(ferry.backups().verify(backup.archive(), null).ok()).isTrue();

                source.exec("DELETE FROM events WHERE id % 3 = 0", "UPDATE events SET note = 'changed' WHERE id < 50");
                ferry.backups().restore(RestoreOptions.of(backup.archive()).withConfirmed(true));
                assertThat(Fingerprint.of(source, "events")).isEqualTo(events);
                assertThat(layout(source)).isEqualTo(layout);

                ferry.backups().restore(RestoreOptions.of(backup.archive()).withInto("drill").withConfirmed(true));
            }
            assertThat(Fingerprint.of(drill, "events")).isEqualTo(events);
            assertThat(layout(drill)).isEqualTo(layout);
            assertThat(strings(drill, "SELECT indexdef FROM pg_indexes WHERE tablename = 'events_2024' ORDER BY 1"))
                    .hasSize(2).anySatisfy(d -> assertThat(d).contains("(note)"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void textOfEveryKindPassesTheContentCheckInPlaceAndIntoANewDatabase(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase drill = server.create()) {
            writeEnvironments(source, drill);
            // Standard strings: a backslash is itself (MariaDB reads it as an escape, so there it is doubled).
            String values = "INSERT INTO notes VALUES (1, 'tab\there', 'two\nlines\r\nand a back\\slash', 'a\tb'), (2, '\\N', '', NULL), "
                            + "(3, '', NULL, ''), (4, 'ünïcødé ✓ 𝄞', '\\\\N \\t', 'ü'), (5, NULL, 'x\\', '\\')";
            // Two tables, so the restore into the new database loads them side by side on PostgreSQL.
            source.exec("CREATE TABLE notes (id INT PRIMARY KEY, title VARCHAR(40), body TEXT, code CHAR(4))",
                    source.isMariaDb() ? values.replace("\\", "\\\\") : values,
                    "CREATE TABLE tags (id INT PRIMARY KEY, name TEXT)", "INSERT INTO tags VALUES (1, 'one'), (2, NULL)");
            String notes = Fingerprint.of(source, "notes");
            try (Ferry ferry = Ferry.load(project, null, ConfigOverrides.NONE)) {
                Path archive = ferry.backups().backup(BackupOptions.DEFAULTS).archive();
                source.exec("UPDATE notes SET body = 'changed'", "DELETE FROM notes WHERE id = 2");

                ferry.backups().restore(RestoreOptions.of(archive).withConfirmed(true));
                assertThat(Fingerprint.of(source, "notes")).isEqualTo(notes);
                ferry.backups().restore(RestoreOptions.of(archive).withInto("drill").withConfirmed(true));
            }
            assertThat(Fingerprint.of(drill, "notes")).isEqualTo(notes);
            assertThat(Fingerprint.of(drill, "tags")).isEqualTo(Fingerprint.of(source, "tags"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postgres")
    void inheritanceParentsAndChildrenKeepTheirOwnRowsWithoutDuplicates(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(project, db))) {
            db.exec("CREATE TABLE cities (id INT PRIMARY KEY, name TEXT)",
                    "CREATE TABLE capitals (state TEXT) INHERITS (cities)",
                    "INSERT INTO cities VALUES (1, 'Springfield'), (2, 'Shelbyville')",
                    "INSERT INTO capitals VALUES (3, 'Sacramento', 'CA'), (4, 'Albany', 'NY')");
            List<String> before = strings(db, "SELECT tableoid::regclass || ' ' || id FROM cities ORDER BY id");
            Path archive = ferry.backups().backup(BackupOptions.DEFAULTS).archive();
            db.exec("DELETE FROM cities WHERE id IN (2, 4)", "INSERT INTO capitals VALUES (5, 'Austin', 'TX')");

            ferry.backups().restore(RestoreOptions.of(archive).withConfirmed(true));
            assertThat(strings(db, "SELECT tableoid::regclass || ' ' || id FROM cities ORDER BY id")).isEqualTo(before);

            db.exec("DELETE FROM ONLY cities WHERE id = 1", "DELETE FROM capitals WHERE id = 3");
            ferry.backups().restore(RestoreOptions.of(archive).withTables(List.of("cities")).withConfirmed(true));
            assertThat(strings(db, "SELECT tableoid::regclass || ' ' || id FROM cities ORDER BY id"))
                    .as("restoring the parent alone leaves its children's rows").containsExactly("cities 1", "cities 2", "capitals 4");
        }
    }

    /** A project whose {@code development} environment is {@code source} and whose {@code drill} is {@code drill}. */
    private void writeEnvironments(TestDatabase source, TestDatabase drill) throws Exception {
        Files.writeString(project.resolve("ferry.yaml"), "environments:\n" + environment("development", source) + environment("drill", drill));
    }

    private static String environment(String name, TestDatabase db) {
        return "  " + name + ":\n    url: " + db.url() + "\n    user: " + db.user() + "\n"
                + (db.password() == null || db.password().isEmpty() ? "" : "    password: " + db.password() + "\n");
    }

    /** Each partition of {@code events} with its bound and row count. */
    private static List<String> layout(TestDatabase db) throws Exception {
        return strings(db, "SELECT c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid) || ' ' "
                + "|| (xpath('/row/n/text()', query_to_xml('SELECT count(*) AS n FROM ONLY ' || c.oid::regclass, false, true, '')))[1]::text "
                + "FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass ORDER BY 1");
    }

    static String string(TestDatabase db, String sql) throws Exception {
        return strings(db, sql).get(0);
    }

    static List<String> strings(TestDatabase db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
