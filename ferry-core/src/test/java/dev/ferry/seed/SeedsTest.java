package dev.ferry.seed;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.verify.IntegrityOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeds on every test server: idempotent, tracked, one transaction per file, precise about bad input. */
class SeedsTest {
    @TempDir
    Path project;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    private static final String TEAMS = """
            # Teams come first: members point at them.
            table: teams
            essential: true
            rows:
              - {id: 1, name: Red}
              - {id: 2, name: Blue}
            """;

    private static final String MEMBERS = """
            id,team_id,email,active,score
            1,1,ada@example.com,true,12.50
            2,2,"grace, admiral@example.com",false,
            3,1,linus@example.com,true,7
            """;

    private static final String RENAME = """
            -- ferry:essential
            UPDATE teams SET name = 'Red team' WHERE id = 1;
            """;

    private static final String BY_EMAIL = """
            table: members
            key: [email]
            rows:
              - {id: 3, team_id: 2, email: linus@example.com, active: false, score: 8.25}
            """;

    private void schema(TestDatabase db) throws Exception {
        exec(db, "CREATE TABLE teams (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL)",
                "CREATE TABLE members (id INT PRIMARY KEY, team_id INT NOT NULL, email VARCHAR(100) NOT NULL, active BOOLEAN NOT NULL, "
                        + "score NUMERIC(6, 2), CONSTRAINT members_email UNIQUE (email), "
                        + "CONSTRAINT members_team FOREIGN KEY (team_id) REFERENCES teams (id))");
    }

    private void files() {
        write(project.resolve("seeds/test/010_teams.yaml"), TEAMS);
        write(project.resolve("seeds/test/020_members.csv"), MEMBERS);
        write(project.resolve("seeds/test/030_rename.sql"), RENAME);
        write(project.resolve("seeds/test/040_by_email.yaml"), BY_EMAIL);
    }

    private SeedResult seed(TestDatabase db, SeedOptions options) {
        return seed(Projects.settings(project, db), options);
    }

    private SeedResult seed(EnvironmentSettings settings, SeedOptions options) {
        try (Ferry ferry = Ferry.of(settings)) {
            return ferry.seeds().apply(options);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void seedsApplyInFileOrderAndARerunSkipsEveryUnchangedFile(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            schema(db);
            files();
            SeedResult first = seed(db, SeedOptions.DEFAULTS);
            assertThat(first.files()).extracting(SeedFileResult::file).containsExactly("seeds/test/010_teams.yaml",
                    "seeds/test/020_members.csv", "seeds/test/030_rename.sql", "seeds/test/040_by_email.yaml");
            assertThat(first.files()).allMatch(f -> f.status() == SeedStatus.APPLIED);
            assertThat(first.files()).extracting(SeedFileResult::rows).containsExactly(2L, 3L, 1L, 1L);
            assertThat(rows(db, "SELECT id, name FROM teams ORDER BY id")).isEqualTo("1|Red team;2|Blue;");
            assertThat(rows(db, "SELECT id, team_id, email, score FROM members ORDER BY id"))
                    .isEqualTo("1|1|ada@example.com|12.50;2|2|grace, admiral@example.com|null;3|2|linus@example.com|8.25;");
            assertThat(first.runId()).isNotBlank();
            assertThat(project.resolve(".ferry/reports/" + first.runId() + "-seed.json")).exists();
            assertThat(project.resolve(".ferry/logs/" + first.runId() + ".jsonl")).exists();

            SeedResult again = seed(db, SeedOptions.DEFAULTS);
            assertThat(again.files()).allMatch(f -> f.status() == SeedStatus.UNCHANGED);
            assertThat(again.rowsApplied()).isZero();
            assertThat(rows(db, "SELECT count(*) FROM ferry_seed_history")).isEqualTo("4;");
            assertThat(rows(db, "SELECT file_name, rows_applied, applied_by FROM ferry_seed_history WHERE file_name = '020_members.csv'"))
                    .isEqualTo("020_members.csv|3|" + System.getProperty("user.name") + ";");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aChangedFileAppliesAgainAndUpdatesItsRowsInPlace(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            schema(db);
            files();
            seed(db, SeedOptions.DEFAULTS);
            write(project.resolve("seeds/test/020_members.csv"), MEMBERS.replace("12.50", "99.00") + "4,2,alan@example.com,true,1\n");
            SeedResult r = seed(db, SeedOptions.DEFAULTS);
            assertThat(r.files()).extracting(SeedFileResult::status).containsExactly(SeedStatus.UNCHANGED, SeedStatus.APPLIED,
                    SeedStatus.UNCHANGED, SeedStatus.UNCHANGED);
            assertThat(r.rowsApplied()).isEqualTo(4);
            assertThat(rows(db, "SELECT id, score FROM members ORDER BY id")).isEqualTo("1|99.00;2|null;3|7.00;4|1.00;");
            assertThat(rows(db, "SELECT count(*) FROM members")).isEqualTo("4;");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void cleanEmptiesTheSeededTablesChildrenFirstAndAppliesEverythingAgain(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            schema(db);
            files();
            seed(db, SeedOptions.DEFAULTS);
            exec(db, "INSERT INTO teams (id, name) VALUES (7, 'Extra')", "INSERT INTO members VALUES (9, 7, 'x@example.com', true, 1)");

            SeedResult preview = seed(db, SeedOptions.DEFAULTS.withClean(true).withDryRun(true));
            assertThat(preview.cleaned()).containsExactly(new CleanedTable("members", 4), new CleanedTable("teams", 3));
            assertThat(preview.files()).allMatch(f -> f.status() == SeedStatus.WOULD_APPLY);
            assertThat(rows(db, "SELECT count(*) FROM members")).isEqualTo("4;");

            SeedResult r = seed(db, SeedOptions.DEFAULTS.withClean(true));
            assertThat(r.cleaned()).containsExactly(new CleanedTable("members", 4), new CleanedTable("teams", 3));
            assertThat(r.files()).allMatch(f -> f.status() == SeedStatus.APPLIED);
            assertThat(rows(db, "SELECT id FROM teams ORDER BY id")).isEqualTo("1;2;");
            assertThat(rows(db, "SELECT id FROM members ORDER BY id")).isEqualTo("1;2;3;");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void minimalAppliesOnlyTheEssentialFiles(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            schema(db);
            files();
            SeedResult r = seed(db, SeedOptions.DEFAULTS.withMinimal(true));
            assertThat(r.files()).extracting(SeedFileResult::status).containsExactly(SeedStatus.APPLIED, SeedStatus.NOT_ESSENTIAL,
                    SeedStatus.APPLIED, SeedStatus.NOT_ESSENTIAL);
            assertThat(rows(db, "SELECT id, name FROM teams ORDER BY id")).isEqualTo("1|Red team;2|Blue;");
            assertThat(rows(db, "SELECT count(*) FROM members")).isEqualTo("0;");
            SeedResult full = seed(db, SeedOptions.DEFAULTS);
            assertThat(full.files()).extracting(SeedFileResult::status).containsExactly(SeedStatus.UNCHANGED, SeedStatus.APPLIED,
                    SeedStatus.UNCHANGED, SeedStatus.APPLIED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aRowThatBreaksAConstraintRollsBackOnlyItsFileAndIsNamedWithItsLine(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            schema(db);
            files();
            write(project.resolve("seeds/test/020_members.csv"), MEMBERS.replace("3,1,linus", "3,9,linus"));
            assertThatThrownBy(() -> seed(db, SeedOptions.DEFAULTS))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILURE))
                    .hasMessageContaining("seeds/test/020_members.csv line 4 (members row 3)")
                    .hasMessageContaining("SQLState 23")
                    .hasMessageContaining("rolled back");
            assertThat(rows(db, "SELECT count(*) FROM teams")).isEqualTo("2;");
            assertThat(rows(db, "SELECT count(*) FROM members")).isEqualTo("0;");
            assertThat(rows(db, "SELECT file_name FROM ferry_seed_history")).isEqualTo("010_teams.yaml;");

            write(project.resolve("seeds/test/020_members.csv"), MEMBERS);
            SeedResult fixed = seed(db, SeedOptions.DEFAULTS);
            assertThat(fixed.files()).extracting(SeedFileResult::status).containsExactly(SeedStatus.UNCHANGED, SeedStatus.APPLIED,
                    SeedStatus.APPLIED, SeedStatus.APPLIED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void unknownTablesAndColumnsAreInvalidInputWithFileAndLineAndChangeNothing(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            schema(db);
            files();
            write(project.resolve("seeds/test/020_members.csv"), MEMBERS.replace("email", "emial"));
            write(project.resolve("seeds/test/050_nope.yaml"), "table: nope\nrows:\n  - {id: 1}\n");
            write(project.resolve("seeds/test/060_teams.yaml"), "table: teams\nrows:\n  - {id: 1, name: a}\n  - {name: b}\n");
            assertThatThrownBy(() -> seed(db, SeedOptions.DEFAULTS))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("seeds/test/020_members.csv:1: unknown column 'emial' in table members")
                    .hasMessageContaining("seeds/test/050_nope.yaml:1: table 'nope' does not exist")
                    .hasMessageContaining("seeds/test/060_teams.yaml:4: the row has no 'id'");
            assertThat(rows(db, "SELECT count(*) FROM teams")).isEqualTo("0;");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aLatin1SeedFileIsInvalidInputNamingLineAndByteAndChangesNothing(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            schema(db);
            files();
            // "Zoë" in Latin-1: 0xEB is not UTF-8.
            byte[] latin1 = "id,name\n3,Zo\u00eb\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            java.nio.file.Files.write(project.resolve("seeds/test/015_more_teams.csv"), latin1);
            assertThatThrownBy(() -> seed(db, SeedOptions.DEFAULTS))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("seeds/test/015_more_teams.csv:2: not valid UTF-8 at byte offset 12 (byte 0xEB)")
                    .hasMessageContaining("iconv -f latin1 -t utf-8");
            assertThat(rows(db, "SELECT count(*) FROM teams")).isEqualTo("0;");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void dryRunListsWhatWouldApplyAndChangesNothing(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            schema(db);
            files();
            SeedResult r = seed(db, SeedOptions.DEFAULTS.withDryRun(true));
            assertThat(r.runId()).isNull();
            assertThat(r.files()).allMatch(f -> f.status() == SeedStatus.WOULD_APPLY);
            assertThat(r.files()).extracting(SeedFileResult::rows).containsExactly(2L, 3L, 0L, 1L);
            assertThat(rows(db, "SELECT count(*) FROM teams")).isEqualTo("0;");
            assertThat(hasTable(db, "ferry_seed_history")).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void validateRunsTheIntegrityChecksAfterwards(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            schema(db);
            files();
            write(project.resolve("rules/members.yaml"), "rules:\n  - name: scores below 10\n    severity: error\n"
                    + "    sql: SELECT id FROM members WHERE score >= 10\n");
            SeedResult r = seed(db, SeedOptions.DEFAULTS.withValidation(new IntegrityOptions(List.of(), List.of(), project.resolve("rules"))));
            assertThat(r.validation()).isNotNull();
            assertThat(r.valid()).isFalse();
            assertThat(r.validation().findings())
                    .anyMatch(f -> f.check().equals("rule") && f.subject().equals("scores below 10") && f.failsRun());
            write(project.resolve("seeds/test/020_members.csv"), MEMBERS.replace("12.50", "9.00"));
            SeedResult fixed = seed(db, SeedOptions.DEFAULTS.withValidation(new IntegrityOptions(List.of(), List.of(), project.resolve("rules"))));
            assertThat(fixed.valid()).as("%s", fixed.validation()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aProtectedEnvironmentRefusesCleanButAcceptsSeeding(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            schema(db);
            files();
            EnvironmentSettings base = Projects.settings(project, db);
            EnvironmentSettings prod = new EnvironmentSettings(base.name(), base.url(), base.user(), base.password(), true,
                    base.connectTimeout(), base.locations(), base.layout(), base.schemas(), base.historyTable(), base.placeholders(),
                    base.placeholderReplacement(), base.lockTimeout(), base.outOfOrder(), base.projectDir());
            assertThatThrownBy(() -> seed(prod, SeedOptions.DEFAULTS.withClean(true)))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY))
                    .hasMessageContaining("protected");
            assertThat(rows(db, "SELECT count(*) FROM teams")).isEqualTo("0;");
            assertThat(seed(prod, SeedOptions.DEFAULTS).count(SeedStatus.APPLIED)).isEqualTo(4);
        }
    }

    private static boolean hasTable(TestDatabase db, String table) throws Exception {
        try (Connection c = db.database().connect("t")) {
            return db.database().dialect().tableExists(c, db.database().dialect().currentSchema(c), table);
        }
    }

    static void exec(TestDatabase db, String... sql) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    static String rows(TestDatabase db, String sql) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    sb.append(rs.getString(i)).append(i < n ? "|" : ";");
                }
            }
        }
        return sb.toString();
    }
}
