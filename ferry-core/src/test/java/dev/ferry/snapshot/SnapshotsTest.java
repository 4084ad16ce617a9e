package dev.ferry.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.testing.Fingerprint;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Snapshots copy tables inside the database; a restore puts their content back exactly, in one transaction. */
class SnapshotsTest {
    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    private Snapshots snapshots(TestDatabase db, boolean protectedEnvironment) {
        return new Snapshots(db::database, dir.resolve(".ferry"), "test", protectedEnvironment);
    }

    private static long count(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void ownersAndPets(TestDatabase db) throws Exception {
        db.exec("CREATE TABLE owners (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, joined DATE)",
                "CREATE TABLE pets (id INT PRIMARY KEY, owner_id INT NOT NULL, note VARCHAR(50), weight DECIMAL(6, 2), "
                        + "CONSTRAINT pets_owner FOREIGN KEY (owner_id) REFERENCES owners (id))",
                "INSERT INTO owners VALUES (1, 'Ana', '2020-01-02'), (2, 'Bo', NULL), (3, 'Cy', '2021-03-04')",
                "INSERT INTO pets VALUES (1, 1, 'cat', 4.20), (2, 1, NULL, 12.50), (3, 3, 'dog', 30.00)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void restoreAfterChangesGivesBackTheSnapshottedContent(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            ownersAndPets(db);
            String owners = Fingerprint.of(db, "owners");
            String pets = Fingerprint.of(db, "pets");
            SnapshotResult snap = snapshots(db, false).create(List.of("owners", "pets"));
            assertThat(snap.copies()).extracting(SnapshotRecord::rows).containsExactly(3L, 3L);
            assertThat(snap.copies()).allSatisfy(c -> assertThat(c.copyTable()).matches("backup_\\d{14}_(owners|pets)"));

            db.exec("DELETE FROM pets WHERE id = 3", "DELETE FROM owners WHERE id = 3", "UPDATE owners SET name = 'Anna' WHERE id = 1",
                    "INSERT INTO owners VALUES (4, 'Di', NULL)", "INSERT INTO pets VALUES (4, 4, 'fish', 0.10)");
            assertThat(Fingerprint.of(db, "owners")).isNotEqualTo(owners);

            RestoreResult restored = snapshots(db, false).restore(snap.snapshotId(), false);
            assertThat(restored.tables()).extracting(RestoreResult.Restored::rowsRestored).containsExactly(3L, 3L);
            assertThat(Fingerprint.of(db, "owners")).isEqualTo(owners);
            assertThat(Fingerprint.of(db, "pets")).isEqualTo(pets);
            assertThat(snapshots(db, false).list()).hasSize(2).allSatisfy(r -> assertThat(r.complete()).isTrue());
            assertThat(dir.resolve(".ferry/reports").toFile().list()).anyMatch(f -> f.endsWith("-snapshot-restore.json"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void restoreByTableNameTakesItsLatestSnapshotAndLeavesOtherTablesAlone(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            ownersAndPets(db);
            snapshots(db, false).create(List.of("pets"));
            db.exec("UPDATE pets SET note = 'second'");
            String second = Fingerprint.of(db, "pets");
            snapshots(db, false).create(List.of("pets"));
            db.exec("DELETE FROM pets", "UPDATE owners SET name = 'changed' WHERE id = 2");
            String owners = Fingerprint.of(db, "owners");

            snapshots(db, false).restore("pets", false);
            assertThat(Fingerprint.of(db, "pets")).isEqualTo(second);
            assertThat(Fingerprint.of(db, "owners")).isEqualTo(owners);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void longTableNamesGetShortCopyNamesWithinTheIdentifierLimit(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            String table = "t" + "x".repeat(58) + "end";
            db.exec("CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b')");
            String before = Fingerprint.of(db, table);
            SnapshotRecord first = snapshots(db, false).create(List.of(table)).copies().get(0);
            SnapshotRecord second = snapshots(db, false).create(List.of(table)).copies().get(0);
            int limit = db.database().dialect().maxIdentifierLength();
            assertThat(List.of(first.copyTable(), second.copyTable())).allSatisfy(n -> {
                assertThat(n.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(limit);
                assertThat(n).startsWith("backup_").matches(".*_[0-9a-f]{8}");
            });
            assertThat(first.copyTable()).isNotEqualTo(second.copyTable());
            db.exec("DELETE FROM " + table);
            snapshots(db, false).restore(first.copyTable(), false);
            assertThat(Fingerprint.of(db, table)).isEqualTo(before);
            assertThat(count(db, "SELECT COUNT(*) FROM " + second.copyTable())).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void dropOlderThanRemovesOnlyTheOldCopiesAndTheirRecords(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            ownersAndPets(db);
            SnapshotRecord old = snapshots(db, false).create(List.of("owners")).copies().get(0);
            SnapshotRecord fresh = snapshots(db, false).create(List.of("pets")).copies().get(0);
            db.exec("UPDATE ferry_snapshots SET created_at = created_at - INTERVAL '10' DAY WHERE snapshot_id = '" + old.snapshotId() + "'");

            DropResult preview = snapshots(db, false).drop(Duration.ofDays(7), true, false);
            assertThat(preview.dropped()).extracting(SnapshotRecord::copyTable).containsExactly(old.copyTable());
            assertThat(count(db, "SELECT COUNT(*) FROM " + old.copyTable())).isEqualTo(3);

            DropResult dropped = snapshots(db, false).drop(Duration.ofDays(7), false, false);
            assertThat(dropped.dropped()).extracting(SnapshotRecord::copyTable).containsExactly(old.copyTable());
            assertThat(snapshots(db, false).list()).extracting(SnapshotRecord::copyTable).containsExactly(fresh.copyTable());
            String schema = db.isMariaDb() ? db.name() : "public";
            assertThat(db.database().dialect().tableExists(db.database().connect("test"), schema, old.copyTable())).isFalse();
            assertThat(count(db, "SELECT COUNT(*) FROM " + fresh.copyTable())).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void protectedEnvironmentRefusesRestoreAndDropWithoutConfirm(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            ownersAndPets(db);
            SnapshotResult snap = snapshots(db, true).create(List.of("pets"));
            db.exec("UPDATE pets SET note = 'x'");
            String changed = Fingerprint.of(db, "pets");
            assertThatThrownBy(() -> snapshots(db, true).restore(snap.snapshotId(), false))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY));
            assertThatThrownBy(() -> snapshots(db, true).drop(Duration.ZERO, false, false))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY));
            assertThat(Fingerprint.of(db, "pets")).isEqualTo(changed);
            snapshots(db, true).restore(snap.snapshotId(), true);
            assertThat(count(db, "SELECT COUNT(*) FROM pets WHERE note = 'x'")).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void restoringAReferencedTableAloneFailsAndChangesNothing(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            ownersAndPets(db);
            SnapshotResult snap = snapshots(db, false).create(List.of("owners"));
            db.exec("UPDATE owners SET name = 'x' WHERE id = 2");
            String owners = Fingerprint.of(db, "owners");
            assertThatThrownBy(() -> snapshots(db, false).restore(snap.snapshotId(), true))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.getMessage()).contains("nothing was changed"));
            assertThat(Fingerprint.of(db, "owners")).isEqualTo(owners);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void unknownTableIsInvalidInputAndLeavesNoRecord(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            ownersAndPets(db);
            assertThatThrownBy(() -> snapshots(db, false).create(List.of("owners", "nosuch")))
                    .isInstanceOfSatisfying(FerryException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.getMessage()).contains("nosuch");
                    });
            assertThat(snapshots(db, false).list()).isEmpty();
        }
    }
}
