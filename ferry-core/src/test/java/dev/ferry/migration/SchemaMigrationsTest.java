package dev.ferry.migration;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.testing.Catalog;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The schema-migration engine against every real database server available. */
class SchemaMigrationsTest {
    @TempDir
    Path project;

    static java.util.stream.Stream<TestServer> servers() {
        return TestServer.all();
    }

    private Path migrations() {
        return project.resolve("migrations");
    }

    private SchemaMigrations engine(TestDatabase db) {
        return engine(Projects.settings(project, db));
    }

    private SchemaMigrations engine(EnvironmentSettings settings) {
        return engine(settings, MigrationListener.NONE);
    }

    private SchemaMigrations engine(TestDatabase db, MigrationListener listener) {
        return engine(Projects.settings(project, db), listener);
    }

    private SchemaMigrations engine(EnvironmentSettings settings, MigrationListener listener) {
        dev.ferry.db.Database database = new dev.ferry.db.Database(settings.url(), settings.user(), settings.password(), 10);
        return new SchemaMigrations(settings, () -> database, listener);
    }

    private void writeClinicMigrations() {
        write(migrations().resolve("V1__create_offices.sql"), "CREATE TABLE offices (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL);\n");
        write(migrations().resolve("U1__create_offices.sql"), "DROP TABLE offices;\n");
        write(migrations().resolve("V2__create_doctors.sql"), """
                CREATE TABLE doctors (
                  id INT PRIMARY KEY,
                  office_id INT NOT NULL REFERENCES offices (id),
                  name VARCHAR(100)
                );
                CREATE INDEX doctors_office ON doctors (office_id);
                """);
        write(migrations().resolve("U2__create_doctors.sql"), "DROP TABLE doctors;\n");
        write(migrations().resolve("V3__office_city.sql"), "ALTER TABLE offices ADD COLUMN city VARCHAR(80);\n");
        write(migrations().resolve("U3__office_city.sql"), "ALTER TABLE offices DROP COLUMN city;\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void migratesInOrderAndReportsEveryMigrationApplied(TestServer server) {
        try (TestDatabase db = server.create()) {
            writeClinicMigrations();
            write(migrations().resolve("R__office_view.sql"), "CREATE OR REPLACE VIEW office_names AS SELECT name FROM offices;\n");
            MigrateResult result = engine(db).migrate(MigrateOptions.DEFAULTS);
            assertThat(result.applied()).extracting(AppliedMigration::script)
                    .containsExactly("V1__create_offices.sql", "V2__create_doctors.sql", "V3__office_city.sql", "R__office_view.sql");
            assertThat(result.schemaVersionAfter()).isEqualTo("3");
            assertThat(result.runId()).isNotBlank();
            assertThat(project.resolve(".ferry/logs/" + result.runId() + ".jsonl")).exists();
            assertThat(project.resolve(".ferry/reports/" + result.runId() + "-migrate.json")).exists();
            StatusResult status = engine(db).status();
            assertThat(status.migrations()).extracting(MigrationInfo::state).containsOnly(MigrationState.APPLIED);
            assertThat(engine(db).migrate(MigrateOptions.DEFAULTS).applied()).isEmpty();
            assertThat(engine(db).validate().valid()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void upThenDownThenUpLeavesTheSameCatalog(TestServer server) {
        try (TestDatabase db = server.create()) {
            writeClinicMigrations();
            engine(db).migrate(MigrateOptions.DEFAULTS);
            List<String> afterUp = Catalog.snapshot(db, "ferry_schema_history");
            RollbackResult down = engine(db).rollback(RollbackOptions.to("0"), false);
            assertThat(down.rolledBack()).hasSize(3);
            assertThat(Catalog.tables(db)).containsExactly("ferry_schema_history");
            assertThat(engine(db).status().migrations()).extracting(MigrationInfo::state).containsOnly(MigrationState.ROLLED_BACK);
            engine(db).migrate(MigrateOptions.DEFAULTS);
            assertThat(Catalog.snapshot(db, "ferry_schema_history")).isEqualTo(afterUp);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void rollbackUsesTheDownScriptKeptInHistoryWhenTheFileIsGone(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            writeClinicMigrations();
            engine(db).migrate(MigrateOptions.DEFAULTS);
            Files.delete(migrations().resolve("U3__office_city.sql"));
            RollbackResult r = engine(db).rollback(RollbackOptions.steps(1), false);
            assertThat(r.rolledBack()).singleElement().extracting(AppliedMigration::version).isEqualTo("3");
            assertThat(r.schemaVersionAfter()).isEqualTo("2");
            assertThat(Catalog.snapshot(db, "ferry_schema_history")).noneMatch(s -> s.contains("city"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void rollbackRefusesNamingTheMigrationWithoutADownScript(TestServer server) {
        try (TestDatabase db = server.create()) {
            write(migrations().resolve("V1__a.sql"), "CREATE TABLE a (id INT);");
            engine(db).migrate(MigrateOptions.DEFAULTS);
            assertThatThrownBy(() -> engine(db).rollback(RollbackOptions.steps(1), false))
                    .isInstanceOf(FerryException.class).hasMessageContaining("V1__a.sql").hasMessageContaining("no down script");
            assertThat(Catalog.tables(db)).contains("a");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void rollbackRefusesADownScriptWithOnlyCommentsAndChangesNothing(TestServer server) {
        try (TestDatabase db = server.create()) {
            write(migrations().resolve("V1__a.sql"), "CREATE TABLE a (id INT);");
            write(migrations().resolve("U1__a.sql"), "-- Undo: a\n\n");
            engine(db).migrate(MigrateOptions.DEFAULTS);
            assertThatThrownBy(() -> engine(db).rollback(RollbackOptions.steps(1), false))
                    .isInstanceOf(FerryException.class).hasMessageContaining("U1__a.sql").hasMessageContaining("has no SQL statement")
                    .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(Catalog.tables(db)).contains("a");
            assertThat(engine(db).status().schemaVersion()).isEqualTo("1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aLatin1MigrationIsInvalidInputNamingLineAndByteAndCreatesNothing(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Files.createDirectories(migrations());
            Files.write(migrations().resolve("V1__cafe.sql"),
                    "CREATE TABLE cafe (id INT);\nCREATE TABLE caf\u00e9 (id INT);\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            assertThatThrownBy(() -> engine(db).migrate(MigrateOptions.DEFAULTS))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("V1__cafe.sql:2: not valid UTF-8 at byte offset 44 (byte 0xE9)")
                    .hasMessageContaining("iconv -f latin1 -t utf-8");
            assertThat(Catalog.tables(db)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aBinaryFileNamedSqlIsNotATextFileAndLeavesNoHistory(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Files.createDirectories(migrations());
            Files.write(migrations().resolve("V1__image.sql"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13});
            assertThatThrownBy(() -> engine(db).migrate(MigrateOptions.DEFAULTS))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("V1__image.sql: not a text file");
            assertThat(Catalog.tables(db)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void dryRunPrintsTheSqlWithHistoryWritesAndChangesNothing(TestServer server) {
        try (TestDatabase db = server.create()) {
            writeClinicMigrations();
            MigrateResult dry = engine(db).migrate(MigrateOptions.DEFAULTS.withDryRun(true));
            assertThat(dry.dryRunSql()).contains("CREATE TABLE offices").contains("INSERT INTO")
                    .contains("ferry_schema_history").contains("CREATE TABLE IF NOT EXISTS");
            assertThat(Catalog.tables(db)).isEmpty();
            assertThat(project.resolve(".ferry/logs")).doesNotExist();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void driftAndMissingFilesFailValidationAndRepairRealignsHistory(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            writeClinicMigrations();
            engine(db).migrate(MigrateOptions.DEFAULTS);
            write(migrations().resolve("V2__create_doctors.sql"), "-- edited after it ran\nCREATE TABLE doctors (id INT);\n");
            Files.delete(migrations().resolve("V3__office_city.sql"));
            Files.delete(migrations().resolve("U3__office_city.sql"));
            ValidateResult v = engine(db).validate();
            assertThat(v.valid()).isFalse();
            assertThat(v.problems()).extracting(ValidationProblem::kind).containsExactlyInAnyOrder("drifted", "missing");
            assertThatThrownBy(() -> engine(db).migrate(MigrateOptions.DEFAULTS))
                    .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            RepairResult preview = engine(db).repairPreview();
            assertThat(preview.realignedChecksums()).hasSize(2);
            assertThat(engine(db).validate().valid()).isFalse();
            engine(db).repair();
            assertThat(engine(db).validate().valid()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void placeholdersAreReplacedAndAnUnknownOneNamesFileAndLine(TestServer server) {
        try (TestDatabase db = server.create()) {
            write(migrations().resolve("V1__p.sql"), "CREATE TABLE ${table_name} (id INT, env VARCHAR(20) DEFAULT '${ferry:env}');\n");
            EnvironmentSettings base = Projects.settings(project, db);
            EnvironmentSettings settings = new EnvironmentSettings(base.name(), base.url(), base.user(), base.password(), false,
                    base.connectTimeout(), base.locations(), "auto", List.of(), base.historyTable(), Map.of("table_name", "things"),
                    true, base.lockTimeout(), false, project);
            engine(settings).migrate(MigrateOptions.DEFAULTS);
            assertThat(Catalog.tables(db)).contains("things");
            write(migrations().resolve("V2__q.sql"), "SELECT 1;\nSELECT '${nope}';\n");
            assertThatThrownBy(() -> engine(settings).migrate(MigrateOptions.DEFAULTS))
                    .hasMessageContaining("V2__q.sql line 2").hasMessageContaining("${nope}");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void anUnknownPlaceholderIsInvalidInputBeforeTheHistoryTableIsCreated(TestServer server) {
        try (TestDatabase db = server.create()) {
            write(migrations().resolve("V1__a.sql"), "CREATE TABLE a (id INT);\n");
            write(migrations().resolve("V2__b.sql"), "CREATE TABLE ${nope} (id INT);\n");
            assertThatThrownBy(() -> engine(db).migrate(MigrateOptions.DEFAULTS))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("V2__b.sql line 1").hasMessageContaining("${nope}");
            assertThat(Catalog.tables(db)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void callbacksRunAroundMigrations(TestServer server) {
        try (TestDatabase db = server.create()) {
            write(migrations().resolve("V1__t.sql"), "CREATE TABLE t (id INT);\nCREATE TABLE calls (what VARCHAR(40));\n");
            write(migrations().resolve("afterEachMigrate.sql"), "INSERT INTO calls VALUES ('after each');\n");
            write(migrations().resolve("afterMigrate.sql"), "INSERT INTO calls VALUES ('after all');\n");
            engine(db).migrate(MigrateOptions.DEFAULTS);
            assertThat(count(db, "SELECT COUNT(*) FROM calls")).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void baselineSkipsMigrationsAtOrBelowIt(TestServer server) {
        try (TestDatabase db = server.create()) {
            writeClinicMigrations();
            engine(db).baseline("2", "existing clinic database");
            MigrateResult r = engine(db).migrate(MigrateOptions.DEFAULTS.withDryRun(true));
            assertThat(r.applied()).extracting(AppliedMigration::version).containsExactly("3");
            assertThat(engine(db).status().migrations()).extracting(MigrationInfo::state)
                    .containsExactly(MigrationState.BELOW_BASELINE, MigrationState.BELOW_BASELINE, MigrationState.BASELINE,
                            MigrationState.PENDING);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void cleanDropsEverythingAndIsRefusedOnProtectedEnvironments(TestServer server) {
        try (TestDatabase db = server.create()) {
            writeClinicMigrations();
            engine(db).migrate(MigrateOptions.DEFAULTS);
            CleanResult clean = engine(db).clean();
            assertThat(clean.dropped()).isNotEmpty();
            assertThat(Catalog.tables(db)).isEmpty();
            EnvironmentSettings base = Projects.settings(project, db);
            EnvironmentSettings prod = new EnvironmentSettings("production", base.url(), base.user(), base.password(), true,
                    base.connectTimeout(), base.locations(), "auto", List.of(), base.historyTable(), Map.of(), true,
                    base.lockTimeout(), false, project);
            assertThatThrownBy(() -> engine(prod).clean()).extracting(e -> ((FerryException) e).code())
                    .isEqualTo(ErrorCode.REFUSED_FOR_SAFETY);
            engine(prod).migrate(MigrateOptions.DEFAULTS);
            assertThatThrownBy(() -> engine(prod).rollback(RollbackOptions.steps(1), false))
                    .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY);
            assertThatThrownBy(() -> engine(prod).rollback(RollbackOptions.steps(1), true))
                    .as("a protected environment is backed up before a rollback, and these migrations cannot take one")
                    .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY);
            List<Path> backups = new java.util.ArrayList<>();
            dev.ferry.db.Database database = new dev.ferry.db.Database(prod.url(), prod.user(), prod.password(), 10);
            SchemaMigrations withBackups = new SchemaMigrations(prod, () -> database, MigrationListener.NONE, () -> {
                backups.add(project.resolve("taken.fbk"));
                return backups.get(0);
            });
            RollbackResult rolledBack = withBackups.rollback(RollbackOptions.steps(1), true);
            assertThat(rolledBack.rolledBack()).hasSize(1);
            assertThat(rolledBack.backupArchive()).isEqualTo(project.resolve("taken.fbk").toString());
            assertThat(backups).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void outOfOrderMigrationIsReportedAndAppliedOnlyWhenAsked(TestServer server) {
        try (TestDatabase db = server.create()) {
            write(migrations().resolve("V1__a.sql"), "CREATE TABLE a (id INT);");
            write(migrations().resolve("V3__c.sql"), "CREATE TABLE c (id INT);");
            engine(db).migrate(MigrateOptions.DEFAULTS);
            write(migrations().resolve("V2__b.sql"), "CREATE TABLE b (id INT);");
            assertThat(engine(db).validate().problems()).extracting(ValidationProblem::kind).containsExactly("out of order");
            assertThatThrownBy(() -> engine(db).migrate(MigrateOptions.DEFAULTS)).hasMessageContaining("--out-of-order");
            assertThat(engine(db).migrate(MigrateOptions.DEFAULTS.withOutOfOrder(true)).applied()).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void failingMigrationIsRecordedWithFileLineAndWhatStayedApplied(TestServer server) {
        try (TestDatabase db = server.create()) {
            write(migrations().resolve("V1__a.sql"), "CREATE TABLE a (id INT);\n");
            write(migrations().resolve("V2__b.sql"), "CREATE TABLE b (id INT);\n\nINSERT INTO no_such_table VALUES (1);\n");
            assertThatThrownBy(() -> engine(db).migrate(MigrateOptions.DEFAULTS))
                    .isInstanceOf(FerryException.class)
                    .hasMessageContaining("V2__b.sql line 3")
                    .hasMessageContaining("SQLState");
            MigrationInfo v2 = engine(db).status().migrations().get(1);
            assertThat(v2.state()).isEqualTo(MigrationState.FAILED);
            assertThat(engine(db).validate().valid()).isFalse();
            if (db.isMariaDb()) {
                // DDL commits at once: table b stayed, the failure says so, and migrate refuses until repaired.
                assertThat(Catalog.tables(db)).contains("b");
                assertThat(v2.row().statementsCommitted()).isEqualTo(1);
                assertThat(v2.detail()).contains("1 statement(s) stayed applied");
                assertThatThrownBy(() -> engine(db).migrate(MigrateOptions.DEFAULTS))
                        .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                write(migrations().resolve("V2__b.sql"), "CREATE TABLE IF NOT EXISTS b (id INT);\n");
                engine(db).repair();
            } else {
                // Transactional DDL: the database is exactly as before V2.
                assertThat(Catalog.tables(db)).doesNotContain("b");
                assertThat(v2.row().statementsCommitted()).isZero();
                write(migrations().resolve("V2__b.sql"), "CREATE TABLE b (id INT);\n");
            }
            assertThat(engine(db).migrate(MigrateOptions.DEFAULTS).applied()).extracting(AppliedMigration::version).containsExactly("2");
            assertThat(engine(db).validate().valid()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void migrationsThatCannotRunInATransactionRunOutsideOneWithoutDeadlockingOnTheLock(TestServer server) {
        try (TestDatabase db = server.create()) {
            write(migrations().resolve("V1__t.sql"), "CREATE TABLE t (id INT, v INT);\n");
            String index = db.isMariaDb() ? "CREATE INDEX t_v ON t (v);" : "CREATE INDEX CONCURRENTLY t_v ON t (v);";
            write(migrations().resolve("V2__index.sql"), index + "\n");
            MigrateResult r = engine(db).migrate(MigrateOptions.DEFAULTS);
            assertThat(r.applied()).extracting(AppliedMigration::transactional).containsExactly(!db.isMariaDb(), false);
            assertThat(Catalog.snapshot(db, "ferry_schema_history")).anyMatch(s -> s.contains("t_v"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aSecondMigratorWaitsForTheLockAndThenFindsNothingToDo(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Connection gate = db.database().connect("test gate"); Statement g = gate.createStatement()) {
            // The migration blocks on a lock the test holds, so the first migrator keeps the migration lock until the test lets go.
            String hold = db.isMariaDb() ? "SELECT GET_LOCK('" + db.name() + "_gate', 120)" : "SELECT pg_advisory_lock(4242)";
            String release = db.isMariaDb() ? "SELECT RELEASE_LOCK('" + db.name() + "_gate')" : "SELECT pg_advisory_unlock(4242)";
            g.execute(hold);
            write(migrations().resolve("V1__gated.sql"), "CREATE TABLE gated (id INT);\n" + hold + ";\n" + release + ";\n");
            CountDownLatch firstRunning = new CountDownLatch(1);
            CountDownLatch secondWaiting = new CountDownLatch(1);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                java.util.concurrent.Future<MigrateResult> first = pool.submit(() -> engine(db, new MigrationListener() {
                    @Override
                    public void migrationStarted(Migration migration, boolean transactional, String direction) {
                        firstRunning.countDown();
                    }
                }).migrate(MigrateOptions.DEFAULTS));
                assertThat(firstRunning.await(60, TimeUnit.SECONDS)).as("the first migrator started V1").isTrue();
                java.util.concurrent.Future<MigrateResult> second = pool.submit(() -> engine(db, new MigrationListener() {
                    @Override
                    public void note(String message) {
                        if (message.startsWith("Waiting")) {
                            secondWaiting.countDown();
                        }
                    }
                }).migrate(MigrateOptions.DEFAULTS));
                assertThat(secondWaiting.await(60, TimeUnit.SECONDS)).as("the second migrator waits for the lock").isTrue();
                assertThat(second.isDone()).as("the second migrator finished while the first held the lock").isFalse();
                g.execute(release);
                assertThat(first.get(60, TimeUnit.SECONDS).applied()).extracting(AppliedMigration::version).containsExactly("1");
                assertThat(second.get(60, TimeUnit.SECONDS).applied()).isEmpty();
                assertThat(count(db, "SELECT COUNT(*) FROM ferry_schema_history")).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lockNotReleasedInTimeFailsWithLockCodeNamingTheHolder(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            write(migrations().resolve("V1__a.sql"), "CREATE TABLE a (id INT);\n");
            EnvironmentSettings s = Projects.settings(project, db);
            EnvironmentSettings quick = new EnvironmentSettings(s.name(), s.url(), s.user(), s.password(), false, s.connectTimeout(),
                    s.locations(), "auto", List.of(), s.historyTable(), Map.of(), true, java.time.Duration.ofSeconds(1), false, project);
            String schema = db.isMariaDb() ? db.name() : "public";
            try (MigrationLock held = MigrationLock.acquire(db.database(), "ferry:" + schema + ".ferry_schema_history",
                    java.time.Duration.ofSeconds(1), "ferry holder", () -> { })) {
                assertThatThrownBy(() -> engine(quick).migrate(MigrateOptions.DEFAULTS))
                        .isInstanceOf(FerryException.class)
                        .hasMessageContaining("holds the lock")
                        .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.LOCK_NOT_ACQUIRED);
            }
            assertThat(engine(quick).migrate(MigrateOptions.DEFAULTS).applied()).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void dieselGolangMigrateAndDbmateFoldersMigrateAndRollBackAsTheyAre(TestServer server) {
        try (TestDatabase db = server.create()) {
            Path diesel = project.resolve("diesel");
            write(diesel.resolve("2024-01-31-101500_create_users/up.sql"), "CREATE TABLE users (id INT PRIMARY KEY);");
            write(diesel.resolve("2024-01-31-101500_create_users/down.sql"), "DROP TABLE users;");
            Path golang = project.resolve("golang");
            write(golang.resolve("20240201000000_add_posts.up.sql"), "CREATE TABLE posts (id INT, user_id INT REFERENCES users (id));");
            write(golang.resolve("20240201000000_add_posts.down.sql"), "DROP TABLE posts;");
            Path dbmate = project.resolve("dbmate");
            write(dbmate.resolve("20240301000000_add_tags.sql"), "-- migrate:up\nCREATE TABLE tags (id INT);\n-- migrate:down\nDROP TABLE tags;\n");
            EnvironmentSettings settings = Projects.settings(project, db, diesel, golang, dbmate);
            assertThat(engine(settings).migrate(MigrateOptions.DEFAULTS).applied()).extracting(AppliedMigration::version)
                    .containsExactly("20240131101500", "20240201000000", "20240301000000");
            assertThat(Catalog.tables(db)).contains("users", "posts", "tags");
            assertThat(engine(settings).rollback(RollbackOptions.steps(3), false).rolledBack()).hasSize(3);
            assertThat(Catalog.tables(db)).containsExactly("ferry_schema_history");
            assertThat(engine(settings).migrate(MigrateOptions.DEFAULTS).applied()).hasSize(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void newCreatesTheNextMigrationInTheFolderLayout(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            write(migrations().resolve("V7__seven.sql"), "SELECT 1;");
            NewMigrationResult r = engine(db).newMigration("Add patients email");
            assertThat(r.version()).isEqualTo("8");
            assertThat(r.files()).extracting(f -> f.getFileName().toString())
                    .containsExactly("V8__add_patients_email.sql", "U8__add_patients_email.sql");
            assertThat(engine(db).scan().errors()).isEmpty();
        }
    }

    static long count(TestDatabase db, String sql) {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
