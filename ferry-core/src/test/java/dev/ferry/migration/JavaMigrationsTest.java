package dev.ferry.migration;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.db.Database;
import dev.ferry.testing.Catalog;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Java migrations among SQL migrations, against every real database server available. */
class JavaMigrationsTest {
    private static final String PACKAGE = "dev/ferry/migration/javasteps";

    @TempDir
    Path project;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    private List<String> logged = new ArrayList<>();

    private SchemaMigrations engine(TestDatabase db, List<String> packages, JavaMigrations java) {
        EnvironmentSettings s = Projects.settings(project, db);
        EnvironmentSettings settings = new EnvironmentSettings(s.name(), s.url(), s.user(), s.password(), false, s.connectTimeout(),
                s.locations(), s.layout(), s.schemas(), s.historyTable(), s.placeholders(), true, s.lockTimeout(), false, project, null, false, packages);
        Database database = new Database(db.url(), db.user(), db.password(), 10);
        return new SchemaMigrations(settings, () -> database, new MigrationListener() {
            @Override
            public void note(String message) {
                logged.add(message);
            }
        }, java);
    }

    private SchemaMigrations scanned(TestDatabase db) {
        return engine(db, List.of(PACKAGE), JavaMigrations.DEFAULT);
    }

    private SchemaMigrations given(TestDatabase db, JavaMigration... instances) {
        return engine(db, List.of(), JavaMigrations.of(List.of(instances)));
    }

    private static List<String> rows(TestDatabase db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aClasspathPackageMixingScriptsAndClassesMigratesWithTheJavaStepInPlace(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            MigrateResult result = scanned(db).migrate(MigrateOptions.DEFAULTS);

            assertThat(result.applied()).extracting(AppliedMigration::script)
                    .containsExactly("V1__offices.sql", "dev.ferry.migration.javasteps.V2__Fill_slugs", "V3__copy_slugs.sql");
            assertThat(rows(db, "SELECT slug FROM office_slugs ORDER BY id")).containsExactly("north-side", "old-town");
            assertThat(logged).contains("V2__Fill_slugs: filled 2 slugs for test");
            StatusResult status = scanned(db).status();
            assertThat(status.migrations()).extracting(MigrationInfo::state).containsOnly(MigrationState.APPLIED);
            assertThat(status.migrations()).extracting(MigrationInfo::description).contains("Fill slugs");
            assertThat(rows(db, "SELECT checksum FROM ferry_schema_history WHERE version = '2'"))
                    .containsExactly(Checksum.of("java:V2__Fill_slugs"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void rollbackRunsTheClassesRollbackAndMigrateRunsItAgain(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            scanned(db).migrate(MigrateOptions.DEFAULTS);

            RollbackResult down = scanned(db).rollback(RollbackOptions.to("1"), false);

            assertThat(down.rolledBack()).extracting(AppliedMigration::version).containsExactly("3", "2");
            assertThat(rows(db, "SELECT slug FROM offices")).containsOnlyNulls();
            assertThat(scanned(db).status().schemaVersion()).isEqualTo("1");
            assertThat(scanned(db).migrate(MigrateOptions.DEFAULTS).applied()).extracting(AppliedMigration::version)
                    .containsExactly("2", "3");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void rollbackOfAClassWithoutRollbackIsRefusedBeforeAnythingRuns(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            write(project.resolve("migrations/V1__offices.sql"), "CREATE TABLE offices (id INT PRIMARY KEY, name VARCHAR(100));");
            write(project.resolve("migrations/V3__doctors.sql"), "CREATE TABLE doctors (id INT PRIMARY KEY);");
            write(project.resolve("migrations/U3__doctors.sql"), "DROP TABLE doctors;");
            given(db, new V2__Add_office()).migrate(MigrateOptions.DEFAULTS);

            assertThatThrownBy(() -> given(db, new V2__Add_office()).rollback(RollbackOptions.to("1"), false))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("Cannot roll back version 2").hasMessageContaining("does not implement rollback(Context)");
            assertThat(Catalog.tables(db)).contains("doctors");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aFailingJavaMigrationFailsNamingTheClassAndMigrateRetriesItOnceFixed(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            write(project.resolve("migrations/V1__offices.sql"), "CREATE TABLE offices (id INT PRIMARY KEY, name VARCHAR(100));");

            assertThatThrownBy(() -> given(db, new V2__Add_office(true)).migrate(MigrateOptions.DEFAULTS))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILURE))
                    .hasMessageContaining("V2__Add_office: IllegalStateException: the office register is closed")
                    .hasMessageContaining("Its transaction was rolled back");

            assertThat(rows(db, "SELECT name FROM offices")).isEmpty();
            assertThat(given(db, new V2__Add_office()).status().migrations())
                    .filteredOn(i -> "2".equals(i.version())).extracting(MigrationInfo::state).containsExactly(MigrationState.FAILED);
            given(db, new V2__Add_office()).migrate(MigrateOptions.DEFAULTS);
            assertThat(rows(db, "SELECT name FROM offices")).containsExactly("Harbour");
        }
    }

    @Test
    void onPostgresAFailureRollsBackTheDdlTheJavaMigrationRan() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            write(project.resolve("migrations/V1__offices.sql"), "CREATE TABLE offices (id INT PRIMARY KEY, name VARCHAR(100));");
            write(project.resolve("migrations/beforeEachMigrate.sql"), "CREATE TABLE IF NOT EXISTS audit_marks (id INT);");
            JavaMigration failing = new V2__Add_office(true, null, "CREATE TABLE office_notes (id INT)");

            assertThatThrownBy(() -> engine(db, List.of(), JavaMigrations.of(List.of(failing))).migrate(MigrateOptions.DEFAULTS))
                    .isInstanceOf(FerryException.class);

            assertThat(Catalog.tables(db)).contains("offices", "audit_marks").doesNotContain("office_notes");
            assertThat(rows(db, "SELECT status FROM ferry_schema_history WHERE version = '2'")).containsExactly("failed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void anAppliedClassThatIsGoneIsMissingLikeAFileAndBlocksMigrate(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            write(project.resolve("migrations/V1__offices.sql"), "CREATE TABLE offices (id INT PRIMARY KEY, name VARCHAR(100));");
            given(db, new V2__Add_office()).migrate(MigrateOptions.DEFAULTS);
            write(project.resolve("migrations/V3__doctors.sql"), "CREATE TABLE doctors (id INT PRIMARY KEY);");

            StatusResult status = given(db).status();
            assertThat(status.migrations()).filteredOn(i -> "2".equals(i.version())).singleElement().satisfies(i -> {
                assertThat(i.state()).isEqualTo(MigrationState.MISSING);
                assertThat(i.detail()).contains("class dev.ferry.migration.JavaMigrationsTest$V2__Add_office");
            });
            assertThat(given(db).validate().valid()).isFalse();
            assertThatThrownBy(() -> given(db).migrate(MigrateOptions.DEFAULTS))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED))
                    .hasMessageContaining("missing");
            assertThat(Catalog.tables(db)).doesNotContain("doctors");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aChangedDeclaredChecksumShowsTheVersionAsDrifted(TestServer server) {
        try (TestDatabase db = server.create()) {
            write(project.resolve("migrations/V1__offices.sql"), "CREATE TABLE offices (id INT PRIMARY KEY, name VARCHAR(100));");
            given(db, new V2__Add_office()).migrate(MigrateOptions.DEFAULTS);

            JavaMigration changed = new V2__Add_office(false, "2", null);

            assertThat(given(db, changed).status().migrations()).filteredOn(i -> "2".equals(i.version()))
                    .extracting(MigrationInfo::state).containsExactly(MigrationState.DRIFTED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void dryRunListsTheJavaMigrationWithoutRunningIt(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            MigrateResult dry = scanned(db).migrate(MigrateOptions.DEFAULTS.withDryRun(true));

            assertThat(dry.dryRunSql()).contains("CREATE TABLE offices")
                    .contains("-- version 2 (dev.ferry.migration.javasteps.V2__Fill_slugs): Java migration, not shown")
                    .contains("CREATE TABLE office_slugs");
            assertThat(Catalog.tables(db)).isEmpty();
        }
    }

    @Test
    void aClassNamedLikeAMigrationThatIsNotOneIsANamingError() {
        ScanResult scan = new MigrationScanner("auto").scan(List.of(), List.of(), JavaMigrations.of(List.of(new NotVersioned())));

        assertThat(scan.errors()).singleElement().asString().contains("must be named V<version>__<description>");
    }

    @Test
    void driftReplaysAGivenJavaMigrationSoItsTableIsNoDrift() {
        try (TestDatabase db = TestServer.mariaDb().create()) {
            write(project.resolve("migrations/V1__offices.sql"), "CREATE TABLE offices (id INT PRIMARY KEY, name VARCHAR(100));");
            JavaMigrations java = JavaMigrations.of(List.of(new V2__Add_office(false, null, "CREATE TABLE office_notes (id INT)")));
            engine(db, List.of(), java).migrate(MigrateOptions.DEFAULTS);
            Database database = new Database(db.url(), db.user(), db.password(), 10);

            dev.ferry.schema.DriftResult drift = new dev.ferry.schema.Schemas(Projects.settings(project, db), () -> database,
                    name -> null, java).drift();

            assertThat(drift.changes()).isEmpty();
        }
    }

    @Test
    void theSameScriptReachedTwiceOnAClassPathCountsOnceButADifferingCopyIsADuplicate() {
        write(project.resolve("resources/V1__a.sql"), "CREATE TABLE a (id INT);\n");
        write(project.resolve("classes/V1__a.sql"), "CREATE TABLE a (id INT);\n");
        write(project.resolve("stale/V1__a.sql"), "CREATE TABLE a (id BIGINT);\n");
        MigrationScanner scanner = new MigrationScanner("auto");

        ScanResult same = scanner.scan(List.of(project.resolve("resources"), project.resolve("classes")));
        ScanResult differing = scanner.scan(List.of(project.resolve("resources"), project.resolve("stale")));

        assertThat(same.errors()).isEmpty();
        assertThat(same.migrations()).hasSize(1);
        assertThat(differing.errors()).singleElement().asString().contains("duplicate version 1");
    }

    /** Inserts an office; given as an instance, as an application hands its beans over. */
    static class V2__Add_office implements JavaMigration {
        private final boolean fail;
        private final String checksum;
        private final String firstStatement;

        V2__Add_office() {
            this(false);
        }

        V2__Add_office(boolean fail) {
            this(fail, null, null);
        }

        V2__Add_office(boolean fail, String checksum, String firstStatement) {
            this.fail = fail;
            this.checksum = checksum;
            this.firstStatement = firstStatement;
        }

        @Override
        public void migrate(Context context) throws Exception {
            try (Statement st = context.connection().createStatement()) {
                if (firstStatement != null) {
                    st.execute(firstStatement);
                }
                st.executeUpdate("INSERT INTO offices (id, name) VALUES (1, 'Harbour')");
            }
            if (fail) {
                throw new IllegalStateException("the office register is closed");
            }
        }

        @Override
        public String checksum() {
            return checksum;
        }
    }

    static class NotVersioned implements JavaMigration {
        @Override
        public void migrate(Context context) {
        }
    }
}
