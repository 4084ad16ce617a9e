package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Orphans are moved aside, not deleted; every move is recorded and can be undone exactly. */
class OrphanQuarantineTest {

    static java.util.stream.Stream<TestServer> servers() {
        return TestServer.all();
    }

    private static String rows(TestDatabase db, String sql) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append('/').append(rs.getString(2)).append('/').append(rs.getString(3)).append(';');
            }
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void dryRunListsThenFixQuarantinesThenUndoRestoresExactly(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            db.exec("CREATE TABLE clinics (id INT PRIMARY KEY, name VARCHAR(20))",
                    "CREATE TABLE visits (id INT PRIMARY KEY, legacy_clinic INT, note VARCHAR(20))",
                    "INSERT INTO clinics VALUES (1, 'a'), (2, 'b')",
                    "INSERT INTO visits VALUES (1, 1, 'ok'), (2, 9, 'orphan'), (3, NULL, 'none'), (4, 8, 'orphan too')");
            String before = rows(db, "SELECT id, legacy_clinic, note FROM visits ORDER BY id");
            List<String> relation = List.of("visits.legacy_clinic=clinics.id");
            OrphanQuarantine fixer = new OrphanQuarantine(db.database());

            FixResult preview = fixer.quarantine(relation, true);
            assertThat(preview.fixRun()).isNull();
            assertThat(preview.actions()).singleElement().satisfies(a -> assertThat(a.keys()).containsExactlyInAnyOrder("2", "4"));
            assertThat(rows(db, "SELECT id, legacy_clinic, note FROM visits ORDER BY id")).isEqualTo(before);

            FixResult fix = fixer.quarantine(relation, false);
            assertThat(fix.rows()).isEqualTo(2);
            assertThat(rows(db, "SELECT id, legacy_clinic, note FROM visits ORDER BY id")).isEqualTo("1/1/ok;3/null/none;");
            assertThat(rows(db, "SELECT id, legacy_clinic, note FROM ferry_quarantine_visits ORDER BY id")).isEqualTo("2/9/orphan;4/8/orphan too;");
            assertThat(rows(db, "SELECT row_key, kind, table_name FROM ferry_fixes ORDER BY seq")).isEqualTo("2/quarantine/visits;4/quarantine/visits;");
            assertThat(new IntegrityChecker(db.database(), Map.of()).check(new IntegrityOptions(relation, List.of(), null)))
                    .filteredOn(f -> f.check().equals("orphans")).allMatch(f -> f.status() == CheckStatus.PASSED);

            fixer.undo(fix.fixRun());
            assertThat(rows(db, "SELECT id, legacy_clinic, note FROM visits ORDER BY id")).isEqualTo(before);
            assertThat(rows(db, "SELECT id, legacy_clinic, note FROM ferry_quarantine_visits")).isEmpty();
            assertThatThrownBy(() -> fixer.undo(fix.fixRun())).hasMessageContaining("nothing left to undo");
        }
    }

    /**
     * Visits point at their clinic through a declared foreign key that never checked the rows already
     * there (PostgreSQL NOT VALID, MariaDB with foreign_key_checks off), so visit 2 is an orphan; it
     * is also the parent of rows in two tables with composite primary keys, one of which has orphans
     * of its own along a listed reference, and a third composite-key table has no orphans at all.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void compositeKeysAndAnOrphanThatIsAParentAreQuarantinedTogetherAndUndoneParentsFirst(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            db.exec("CREATE TABLE clinics (id INT PRIMARY KEY, name VARCHAR(20))",
                    "CREATE TABLE tags (id INT PRIMARY KEY)",
                    "CREATE TABLE visits (id INT PRIMARY KEY, clinic_id INT, note VARCHAR(20))",
                    "CREATE TABLE visit_items (visit_id INT NOT NULL REFERENCES visits (id), line INT NOT NULL, what VARCHAR(20), "
                            + "PRIMARY KEY (visit_id, line))",
                    "CREATE TABLE visit_tags (visit_id INT NOT NULL REFERENCES visits (id), tag_id INT NOT NULL, PRIMARY KEY (visit_id, tag_id))",
                    "CREATE TABLE clinic_rooms (clinic_id INT NOT NULL REFERENCES clinics (id), room INT NOT NULL, PRIMARY KEY (clinic_id, room))",
                    "CREATE TABLE item_notes (id INT PRIMARY KEY, visit_id INT, line INT)",
                    "INSERT INTO clinics VALUES (1, 'a')",
                    "INSERT INTO tags VALUES (10)",
                    "INSERT INTO visits VALUES (1, 1, 'ok'), (2, 9, 'orphan')",
                    "INSERT INTO visit_items VALUES (1, 1, 'x'), (2, 1, 'y'), (2, 2, 'z')",
                    "INSERT INTO visit_tags VALUES (1, 10), (1, 77), (2, 10)",
                    "INSERT INTO clinic_rooms VALUES (1, 1), (1, 2)",
                    // Note 3 points at item (1, 9): visit 1 has items, but not that one.
                    "INSERT INTO item_notes VALUES (1, 1, 1), (2, 2, 2), (3, 1, 9)");
            if (db.isMariaDb()) {
                db.exec("SET foreign_key_checks = 0", "ALTER TABLE visits ADD CONSTRAINT visits_clinic FOREIGN KEY (clinic_id) REFERENCES clinics (id)",
                        "ALTER TABLE item_notes ADD CONSTRAINT notes_item FOREIGN KEY (visit_id, line) REFERENCES visit_items (visit_id, line)",
                        "SET foreign_key_checks = 1");
            } else {
                db.exec("ALTER TABLE visits ADD CONSTRAINT visits_clinic FOREIGN KEY (clinic_id) REFERENCES clinics (id) NOT VALID",
                        "ALTER TABLE item_notes ADD CONSTRAINT notes_item FOREIGN KEY (visit_id, line) REFERENCES visit_items (visit_id, line) NOT VALID");
            }
            assertThat(new IntegrityChecker(db.database(), Map.of()).check(new IntegrityOptions(List.of(), List.of(), null)))
                    .filteredOn(f -> f.check().equals("orphans") && f.subject().equals("item_notes.(visit_id, line) -> visit_items.(visit_id, line)"))
                    .singleElement().satisfies(f -> assertThat(f.count()).isEqualTo(1));
            String visits = "SELECT id, clinic_id, note FROM visits ORDER BY id";
            String items = "SELECT visit_id, line, what FROM visit_items ORDER BY visit_id, line";
            String tags = "SELECT visit_id, tag_id, 0 FROM visit_tags ORDER BY visit_id, tag_id";
            String rooms = "SELECT clinic_id, room, 0 FROM clinic_rooms ORDER BY room";
            String notes = "SELECT id, visit_id, line FROM item_notes ORDER BY id";
            String before = rows(db, visits) + rows(db, items) + rows(db, tags) + rows(db, rooms) + rows(db, notes);
            List<String> relation = List.of("visit_tags.tag_id=tags.id");
            OrphanQuarantine fixer = new OrphanQuarantine(db.database());

            assertThat(fixer.quarantine(relation, true).actions()).extracting(FixResult.Action::table, a -> List.copyOf(a.keys()))
                    .contains(org.assertj.core.groups.Tuple.tuple("visit_items", List.of("[\"2\",\"1\"]", "[\"2\",\"2\"]")),
                            org.assertj.core.groups.Tuple.tuple("visit_tags", List.of("[\"2\",\"10\"]")),
                            org.assertj.core.groups.Tuple.tuple("visits", List.of("2")),
                            org.assertj.core.groups.Tuple.tuple("visit_tags", List.of("[\"1\",\"77\"]")),
                            org.assertj.core.groups.Tuple.tuple("item_notes", List.of("3")),
                            org.assertj.core.groups.Tuple.tuple("item_notes", List.of("2")));

            FixResult fix = fixer.quarantine(relation, false);
            assertThat(fix.rows()).isEqualTo(7);
            assertThat(rows(db, notes)).isEqualTo("1/1/1;");
            assertThat(rows(db, visits)).isEqualTo("1/1/ok;");
            assertThat(rows(db, items)).isEqualTo("1/1/x;");
            assertThat(rows(db, tags)).isEqualTo("1/10/0;");
            assertThat(rows(db, rooms)).isEqualTo("1/1/0;1/2/0;");
            assertThat(rows(db, "SELECT visit_id, line, what FROM ferry_quarantine_visit_items ORDER BY line")).isEqualTo("2/1/y;2/2/z;");
            assertThat(new IntegrityChecker(db.database(), Map.of()).check(new IntegrityOptions(relation, List.of(), null)))
                    .filteredOn(f -> f.check().equals("orphans")).allMatch(f -> f.status() == CheckStatus.PASSED);

            fixer.undo(fix.fixRun());
            assertThat(rows(db, visits) + rows(db, items) + rows(db, tags) + rows(db, rooms) + rows(db, notes)).isEqualTo(before);
            assertThat(rows(db, "SELECT visit_id, line, what FROM ferry_quarantine_visit_items")).isEmpty();
            // The foreign key the orphan was found along is in place again, still holding back new orphans.
            assertThatThrownBy(() -> db.exec("INSERT INTO visits VALUES (3, 8, 'new orphan')")).hasMessageContaining("visits_clinic");
        }
    }
}
