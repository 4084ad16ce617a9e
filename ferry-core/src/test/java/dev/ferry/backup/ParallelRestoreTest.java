package dev.ferry.backup;

import static dev.ferry.backup.BackupRestoreTest.count;
import static dev.ferry.backup.BackupRestoreTest.exec;
import static dev.ferry.backup.BackupRestoreTest.fill;
import static dev.ferry.backup.BackupRestoreTest.fingerprints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.config.ConfigOverrides;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A drill into an empty environment loads its tables on several connections at once (PostgreSQL)
 * and still commits nothing unless every table and the whole archive passed their checks.
 */
class ParallelRestoreTest {
    @TempDir
    Path project;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ferry.backup.BackupRestoreTest#servers")
    void loadingOnSeveralConnectionsRestoresTheSameRowsAsOneConnection(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase drill = server.create(); TestDatabase single = server.create()) {
            environments(source, drill, single);
            fill(source, 30_000);
            try (Ferry ferry = Ferry.load(project, null, ConfigOverrides.NONE)) {
                Path archive = ferry.backups().backup(BackupOptions.DEFAULTS).archive();
                RestoreResult four = ferry.backups().restore(RestoreOptions.of(archive).withInto("drill").withConfirmed(true).withParallelism(4));
                RestoreResult one = ferry.backups().restore(RestoreOptions.of(archive).withInto("single").withConfirmed(true).withParallelism(1));

                assertThat(four.tables()).extracting(t -> t.table().replaceAll("^.*\\.", ""), RestoreResult.TableRestore::rowsRestored)
                        .containsExactlyElementsOf(one.tables().stream().map(t -> org.assertj.core.groups.Tuple.tuple(
                                t.table().replaceAll("^.*\\.", ""), t.rowsRestored())).toList());
                assertThat(four.rows()).isEqualTo(one.rows()).isEqualTo(30_000 + 3 + 2);
            }
            assertThat(fingerprints(drill)).isEqualTo(fingerprints(source)).isEqualTo(fingerprints(single));
            for (TestDatabase target : List.of(drill, single)) {
                assertThatThrownBy(() -> exec(target, "INSERT INTO visits (clinic_id, note) VALUES (12345, 'orphan')"))
                        .as("the foreign key came back").isInstanceOf(java.sql.SQLException.class);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ferry.backup.ExactRestoreTest#postgres")
    void aDamagedBlockFoundWhileOtherTablesAreLoadedLeavesTheDrillAsEmptyAsBefore(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase drill = server.create(); TestDatabase unused = server.create()) {
            environments(source, drill, unused);
            fill(source, 70_000);
            exec(source, "CREATE TYPE mood AS ENUM ('calm', 'busy')", "ALTER TABLE clinics ADD COLUMN mood mood DEFAULT 'calm'",
                    "CREATE FUNCTION first_clinic() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                    "ALTER TABLE visits ALTER COLUMN clinic_id SET DEFAULT first_clinic()");
            String empty = catalog(drill);
            try (Ferry ferry = Ferry.load(project, null, ConfigOverrides.NONE)) {
                Path archive = ferry.backups().backup(BackupOptions.DEFAULTS).archive();
                try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
                    BackupRestoreTest.flipAByteAThirdIn(f); // inside the largest table, notes
                    BackupRestoreTest.rewriteFileChecksum(f); // so only its block tells, during the load
                }

                assertThatThrownBy(() -> ferry.backups().restore(RestoreOptions.of(archive).withInto("drill").withConfirmed(true).withParallelism(3)))
                        .isInstanceOf(FerryException.class).hasMessageContaining("failed verification, so nothing was restored")
                        .hasMessageContaining("notes")
                        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.FAILURE));
            }
            assertThat(catalog(drill)).as("no table, type, sequence or routine left behind").isEqualTo(empty);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ferry.backup.ExactRestoreTest#postgres")
    void aForeignKeyThatFailsAfterTheRowsWereCommittedDropsThemAgain(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase drill = server.create(); TestDatabase unused = server.create()) {
            environments(source, drill, unused);
            fill(source, 5_000);
            String empty = catalog(drill);
            try (Ferry ferry = Ferry.load(project, null, ConfigOverrides.NONE)) {
                Path archive = ferry.backups().backup(BackupOptions.DEFAULTS).archive();
                // visits refers to clinics, which this restore leaves out: its key can only be added once the rows are in.
                assertThatThrownBy(() -> ferry.backups().restore(RestoreOptions.of(archive).withInto("drill").withConfirmed(true)
                        .withTables(List.of("visits", "notes")).withParallelism(2)))
                        .isInstanceOf(FerryException.class).hasMessageContaining("were dropped again").hasMessageContaining("nothing changed");
            }
            assertThat(catalog(drill)).isEqualTo(empty);
            assertThat(count(drill, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ferry.backup.ExactRestoreTest#postgres")
    void aReferenceThatDoesNotHoldIsFoundWhenTheKeysAreCheckedAfterTheLoadAndNothingStays(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase drill = server.create(); TestDatabase unused = server.create()) {
            environments(source, drill, unused);
            fill(source, 5_000);
            // The source's key is valid in its catalog, but a replica session slipped an orphan past it.
            exec(source, "SET session_replication_role = replica", "INSERT INTO visits (clinic_id, note) VALUES (404, 'orphan')");
            String empty = catalog(drill);
            try (Ferry ferry = Ferry.load(project, null, ConfigOverrides.NONE)) {
                Path archive = ferry.backups().backup(BackupOptions.DEFAULTS).archive();
                assertThatThrownBy(() -> ferry.backups().restore(RestoreOptions.of(archive).withInto("drill").withConfirmed(true).withParallelism(2)))
                        .isInstanceOf(FerryException.class).hasMessageContaining("were dropped again").hasMessageContaining("visits_clinic_fk");
            }
            assertThat(catalog(drill)).isEqualTo(empty);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ferry.backup.ExactRestoreTest#postgres")
    void aForeignKeyTheSourceHeldUncheckedIsRestoredUncheckedAndTheOthersChecked(TestServer server) throws Exception {
        assertThat(foreignKeysRestoredIntoDrill(server,
                "ALTER TABLE notes ADD CONSTRAINT notes_visit_fk FOREIGN KEY (visit_id) REFERENCES visits (id) NOT VALID"))
                .isEqualTo("notes_visit_fk=false,visits_clinic_fk=true");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ferry.backup.ExactRestoreTest#postgres")
    void aPartitionedTablesForeignKeyWhichCannotBeAddedUncheckedIsAddedCheckedBesideTheOthers(TestServer server) throws Exception {
        assertThat(foreignKeysRestoredIntoDrill(server,
                "CREATE TABLE readings (id int NOT NULL, visit_id int REFERENCES visits (id), PRIMARY KEY (id)) PARTITION BY RANGE (id)",
                "CREATE TABLE readings_low PARTITION OF readings FOR VALUES FROM (0) TO (1000)",
                "CREATE TABLE readings_high PARTITION OF readings FOR VALUES FROM (1000) TO (3000)",
                "INSERT INTO readings SELECT g, 1 + g % 2 FROM generate_series(1, 2500) g"))
                .isEqualTo("readings_visit_id_fkey=true,visits_clinic_fk=true");
    }

    /**
     * Backs up the filled source after {@code sql}, restores it into the empty drill on two
     * connections, checks every row came back, and returns the drill's foreign keys, each once (a
     * partitioned table's key is repeated on its partitions) as {@code name=validated}, by name.
     */
    private String foreignKeysRestoredIntoDrill(TestServer server, String... sql) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase drill = server.create(); TestDatabase unused = server.create()) {
            environments(source, drill, unused);
            fill(source, 5_000);
            exec(source, sql);
            try (Ferry ferry = Ferry.load(project, null, ConfigOverrides.NONE)) {
                Path archive = ferry.backups().backup(BackupOptions.DEFAULTS).archive();
                ferry.backups().restore(RestoreOptions.of(archive).withInto("drill").withConfirmed(true).withParallelism(2));
            }
            assertThat(fingerprints(drill)).isEqualTo(fingerprints(source));
            String keys = "SELECT string_agg(DISTINCT conname || '=' || convalidated, ',') FROM pg_constraint "
                    + "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace";
            try (java.sql.Connection c = drill.database().connect("test"); java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery(keys)) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ferry.backup.ExactRestoreTest#postgres")
    void aFileWhoseOnlyDamageIsOutsideTheBlocksFailsItsChecksumBesideTheLoadAndNothingIsCommitted(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase drill = server.create(); TestDatabase single = server.create()) {
            environments(source, drill, single);
            fill(source, 20_000);
            String empty = catalog(drill);
            try (Ferry ferry = Ferry.load(project, null, ConfigOverrides.NONE)) {
                Path archive = ferry.backups().backup(BackupOptions.DEFAULTS).archive();
                changeBlockSizeInHeader(archive); // every block still decodes; only the file's SHA-256 tells
                for (RestoreOptions restore : List.of(RestoreOptions.of(archive).withInto("drill").withConfirmed(true).withParallelism(2),
                        RestoreOptions.of(archive).withInto("single").withConfirmed(true).withParallelism(1))) {
                    assertThatThrownBy(() -> ferry.backups().restore(restore)).as("into %s", restore.into())
                            .isInstanceOf(FerryException.class).hasMessageContaining("failed verification, so nothing was restored")
                            .hasMessageContaining("SHA-256 differs")
                            .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.FAILURE));
                }
            }
            assertThat(catalog(drill)).isEqualTo(empty);
            assertThat(catalog(single)).isEqualTo(empty);
        }
    }

    /** Turns the header's {@code "block_size":4194304} into 5194304, which reading the blocks does not depend on. */
    private static void changeBlockSizeInHeader(Path archive) throws Exception {
        byte[] head = new byte[256];
        try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
            int n = f.read(head);
            String text = new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
            int at = text.indexOf("\"block_size\":4");
            assertThat(at).as("the header names its block size").isPositive();
            f.seek(at + "\"block_size\":".length());
            f.write('5');
        }
    }

    @org.junit.jupiter.api.Test
    void aNegativeParallelismIsRefusedAndZeroMeansOnePerCoreButAtLeastTwo() {
        assertThatThrownBy(() -> RestoreOptions.of(Path.of("a.fbk")).withParallelism(-1))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThat(RestoreOptions.of(Path.of("a.fbk")).connections()).isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
        assertThat(RestoreOptions.of(Path.of("a.fbk")).withParallelism(1).connections()).isEqualTo(1);
    }

    /** The drill's relations, types and routines in its schema. */
    private static String catalog(TestDatabase db) throws Exception {
        return count(db, "SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace") + " relations, "
                + count(db, "SELECT count(*) FROM pg_type WHERE typnamespace = current_schema()::regnamespace") + " types, "
                + count(db, "SELECT count(*) FROM pg_proc WHERE pronamespace = current_schema()::regnamespace") + " routines";
    }

    /** {@code development} on the source, {@code drill} and {@code single} on the two others. */
    private void environments(TestDatabase source, TestDatabase drill, TestDatabase single) throws Exception {
        Files.writeString(project.resolve("ferry.yaml"), "environments:\n" + BackupRestoreTest.environment("development", source)
                + BackupRestoreTest.environment("drill", drill) + BackupRestoreTest.environment("single", single));
    }
}
