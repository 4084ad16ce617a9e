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
}
