package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.TransferResult;
import dev.ferry.transfer.plan.KeyUuids;
import dev.ferry.transfer.transform.Transforms;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Link tables whose key is two columns: transferred with a UUID over the key's values or with the
 * key kept, verified clean, and a link row that points at another track is found by its key tuple
 * at every content level; a link table read through a query with a generated key is compared by content.
 */
class CompositeKeyTest {
    private static final List<VerifyLevel> CONTENT_LEVELS = List.of(VerifyLevel.STANDARD, VerifyLevel.RIGOROUS, VerifyLevel.FORENSIC);

    @TempDir
    Path dir;

    private final Transforms transforms = new Transforms(getClass().getClassLoader());

    private static void legacySource(TestDatabase source) throws Exception {
        source.exec("CREATE TABLE playlist (playlist_id INT PRIMARY KEY, name VARCHAR(40))",
                "CREATE TABLE track (track_id INT PRIMARY KEY, name VARCHAR(40))",
                "CREATE TABLE playlist_track (playlist_id INT NOT NULL REFERENCES playlist (playlist_id), "
                        + "track_id INT NOT NULL REFERENCES track (track_id), position INT, PRIMARY KEY (playlist_id, track_id))",
                "CREATE TABLE play (id INT PRIMARY KEY, playlist_id INT, track_id INT, plays INT, "
                        + "FOREIGN KEY (playlist_id, track_id) REFERENCES playlist_track (playlist_id, track_id))",
                "INSERT INTO playlist VALUES (1, 'morning'), (2, 'evening'), (3, 'empty')",
                "INSERT INTO track VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four'), (5, 'five')",
                "INSERT INTO playlist_track VALUES (1, 1, 1), (1, 2, 2), (1, 3, 3), (2, 2, 1), (2, 4, 2), (2, 5, 3)",
                "INSERT INTO play VALUES (1, 1, 2, 10), (2, 2, 4, 7), (3, 2, 5, 0)");
    }

    private TransferResult transfer(Path plan, TestDatabase source, TestDatabase target) {
        return new PlanRuns(dir).transfer(plan, source, target);
    }

    private List<Finding> verify(Path plan, TestDatabase source, TestDatabase target, VerifyLevel level) {
        return new PlanRuns(dir).verify(plan, source, target, level);
    }

    /** At standard, rigorous and forensic level, the entity's content fails with {@code message} and a sample line holding {@code line}. */
    private void foundAtEveryContentLevel(Path plan, TestDatabase source, TestDatabase target, String entity, String message, String line) {
        for (VerifyLevel level : CONTENT_LEVELS) {
            Finding f = content(verify(plan, source, target, level), entity);
            assertThat(f.status()).as(level.name()).isEqualTo(CheckStatus.FAILED);
            assertThat(f.message()).as(level.name()).startsWith(message);
            assertThat(f.sample()).as(level.name()).anySatisfy(s -> assertThat(s).contains(line));
        }
    }

    private static Finding content(List<Finding> findings, String entity) {
        return findings.stream().filter(f -> f.check().equals("content") && f.subject().equals(entity)).findFirst()
                .orElseThrow(() -> new AssertionError("no content finding for " + entity + " in " + findings));
    }

    private Path uuidPlan(TestDatabase source, TestDatabase target) {
        return Projects.transferPlan(dir.resolve("uuid.yaml"), source, target, """
                defaults: {batch_size: 2, min_batch: 1}   # several pages of link rows, each after the last tuple
                entities:
                  playlists: {from: playlist, to: playlists, key: {column: playlist_id}, columns: {name: name}}
                  tracks: {from: track, to: tracks, key: {column: track_id}, columns: {name: name}}
                  playlist_tracks:
                    from: playlist_track
                    to: playlist_tracks
                    key: {columns: [playlist_id, track_id], strategy: uuid}
                    columns: {position: position}
                    references:
                      playlist_id: {entity: playlists}
                      track_id: {entity: tracks}
                  plays:
                    from: play
                    to: plays
                    key: {column: id}
                    columns: {plays: plays}
                    references:
                      playlist_track_id: {from: [playlist_id, track_id], entity: playlist_tracks}
                """);
    }

    private static void uuidTarget(TestDatabase target) throws Exception {
        target.exec("CREATE TABLE playlists (id UUID PRIMARY KEY, name VARCHAR(40))",
                "CREATE TABLE tracks (id UUID PRIMARY KEY, name VARCHAR(40))",
                "CREATE TABLE playlist_tracks (id UUID PRIMARY KEY, playlist_id UUID NOT NULL REFERENCES playlists (id), "
                        + "track_id UUID NOT NULL REFERENCES tracks (id), position INT)",
                "CREATE TABLE plays (id UUID PRIMARY KEY, playlist_track_id UUID REFERENCES playlist_tracks (id), plays INT)");
    }

    @Test
    void uuidOverTheTupleTransfersVerifiesAndFindsALinkRowPointingAtAnotherTrack() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            legacySource(source);
            uuidTarget(target);
            Path plan = uuidPlan(source, target);

            assertThat(transfer(plan, source, target).status()).isEqualTo("completed");
            String link = KeyUuids.of("playlist_tracks", "[\"1\",\"2\"]").toString();
            assertThat(count(target, "SELECT COUNT(*) FROM playlist_tracks")).isEqualTo(6);
            assertThat(count(target, "SELECT COUNT(*) FROM playlist_tracks WHERE id = '" + link + "' AND track_id = '"
                    + KeyUuids.of("tracks", "2") + "'")).isEqualTo(1);
            assertThat(count(target, "SELECT COUNT(*) FROM plays WHERE playlist_track_id = '" + link + "'")).isEqualTo(1);
            assertThat(count(target, "SELECT COUNT(*) FROM ferry_id_map WHERE entity = 'playlist_tracks' AND legacy_key = '[\"2\",\"5\"]'"))
                    .isEqualTo(1);
            assertThat(verify(plan, source, target, VerifyLevel.RIGOROUS)).allMatch(f -> f.status() == CheckStatus.PASSED);

            target.exec("UPDATE playlist_tracks SET track_id = '" + KeyUuids.of("tracks", "5") + "' WHERE id = '" + link + "'");
            foundAtEveryContentLevel(plan, source, target, "playlist_tracks", "0 missing, 1 changed, 0 extra",
                    "changed: legacy key [\"1\",\"2\"] (new key " + link + "): track_id: expected " + KeyUuids.of("tracks", "2"));
        }
    }

    @Test
    void keptCompositeKeyTransfersVerifiesAndFindsALinkRowPointingAtAnotherTrack() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            legacySource(source);
            target.exec("CREATE TABLE playlist (playlist_id INT PRIMARY KEY, name VARCHAR(40))",
                    "CREATE TABLE track (track_id INT PRIMARY KEY, name VARCHAR(40))",
                    "CREATE TABLE playlist_track (playlist_id INT NOT NULL REFERENCES playlist (playlist_id), "
                            + "track_id INT NOT NULL REFERENCES track (track_id), position INT, PRIMARY KEY (playlist_id, track_id))");
            Path plan = Projects.transferPlan(dir.resolve("kept.yaml"), source, target, """
                    defaults: {batch_size: 2, min_batch: 1}
                    entities:
                      playlists: {from: playlist, key: {column: playlist_id, strategy: keep, target: playlist_id}, columns: {name: name}}
                      tracks: {from: track, key: {column: track_id, strategy: keep, target: track_id}, columns: {name: name}}
                      playlist_tracks:
                        from: playlist_track
                        key: {columns: [playlist_id, track_id], strategy: kept}
                        columns: {position: position}
                        depends_on: [playlists, tracks]
                    """);

            TransferResult run = transfer(plan, source, target);
            assertThat(run.status()).isEqualTo("completed");
            assertThat(run.entities()).filteredOn(e -> e.entity().equals("playlist_tracks")).singleElement()
                    .satisfies(e -> assertThat(e.batches()).isGreaterThan(1));
            assertThat(count(target, "SELECT COUNT(*) FROM playlist_track")).isEqualTo(6);
            assertThat(count(target, "SELECT position FROM playlist_track WHERE playlist_id = 2 AND track_id = 4")).isEqualTo(2);
            assertThat(verify(plan, source, target, VerifyLevel.RIGOROUS)).allMatch(f -> f.status() == CheckStatus.PASSED);

            target.exec("UPDATE playlist_track SET track_id = 5 WHERE playlist_id = 1 AND track_id = 2");
            foundAtEveryContentLevel(plan, source, target, "playlist_tracks", "1 missing, 0 changed, 1 extra",
                    "missing: legacy key [\"1\",\"2\"]");

            // A fix through the plan finds link rows by their whole key, and its undo does too.
            target.exec("UPDATE playlist_track SET track_id = 2 WHERE playlist_id = 1 AND track_id = 5",
                    "UPDATE playlist_track SET position = 9 WHERE playlist_id = 2 AND track_id = 4",
                    "DELETE FROM playlist_track WHERE playlist_id = 2 AND track_id = 5");
            FixResult fix;
            try (ExpectedRows expected = ExpectedRows.open(new dev.ferry.transfer.plan.PlanLoader(java.util.Map.of(), transforms).load(plan),
                    source.database(), target.database(), transforms)) {
                fix = new PlanFix(expected, target.database()).fix(List.of("playlist_tracks"), false);
            }
            assertThat(fix.actions()).extracting(FixResult.Action::kind, a -> List.copyOf(a.keys())).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("copy missing rows again", List.of("[\"2\",\"5\"]")),
                    org.assertj.core.groups.Tuple.tuple("restore changed rows", List.of("[\"2\",\"4\"]")));
            assertThat(verify(plan, source, target, VerifyLevel.RIGOROUS)).allMatch(f -> f.status() == CheckStatus.PASSED);
            new OrphanQuarantine(target.database()).undo(fix.fixRun());
            assertThat(count(target, "SELECT position FROM playlist_track WHERE playlist_id = 2 AND track_id = 4")).isEqualTo(9);
            assertThat(count(target, "SELECT COUNT(*) FROM playlist_track WHERE playlist_id = 2 AND track_id = 5")).isZero();
        }
    }

    @Test
    void aGeneratedKeyFromAQueryIsComparedByContent() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            legacySource(source);
            target.exec("CREATE TABLE links (id SERIAL PRIMARY KEY, playlist_id INT, track_id INT, position INT)");
            Path plan = Projects.transferPlan(dir.resolve("generated.yaml"), source, target, """
                    entities:
                      links:
                        query: "SELECT row_number() OVER (ORDER BY playlist_id, track_id) AS k, playlist_id, track_id, position FROM playlist_track"
                        to: links
                        key: {column: k, strategy: generated}
                        columns: {playlist_id: playlist_id, track_id: track_id, position: position}
                    """);

            assertThat(transfer(plan, source, target).status()).isEqualTo("completed");
            assertThat(verify(plan, source, target, VerifyLevel.RIGOROUS)).allMatch(f -> f.status() == CheckStatus.PASSED);

            target.exec("UPDATE links SET track_id = 5 WHERE playlist_id = 1 AND track_id = 2");
            foundAtEveryContentLevel(plan, source, target, "links", "1 missing, 0 changed, 1 extra", "missing: legacy key 2 ");
        }
    }

    @Test
    void mariaDbLinkTableIntoPostgresWithAUuidOverTheTuple() throws Exception {
        try (TestDatabase source = TestServer.mariaDb().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            legacySource(source);
            uuidTarget(target);
            Path plan = uuidPlan(source, target);

            TransferResult run = transfer(plan, source, target);
            assertThat(run.status()).isEqualTo("completed");
            assertThat(run.entities()).filteredOn(e -> e.entity().equals("playlist_tracks")).singleElement()
                    .satisfies(e -> assertThat(e.batches()).isGreaterThan(1));
            assertThat(count(target, "SELECT COUNT(*) FROM playlist_tracks WHERE id = '" + KeyUuids.of("playlist_tracks", "[\"2\",\"4\"]")
                    + "' AND position = 2")).isEqualTo(1);
            assertThat(count(target, "SELECT COUNT(*) FROM plays p JOIN playlist_tracks l ON l.id = p.playlist_track_id")).isEqualTo(3);
            assertThat(verify(plan, source, target, VerifyLevel.RIGOROUS)).allMatch(f -> f.status() == CheckStatus.PASSED);

            target.exec("UPDATE playlist_tracks SET track_id = '" + KeyUuids.of("tracks", "1") + "' WHERE id = '"
                    + KeyUuids.of("playlist_tracks", "[\"2\",\"5\"]") + "'");
            Finding f = content(verify(plan, source, target, VerifyLevel.STANDARD), "playlist_tracks");
            assertThat(f.status()).isEqualTo(CheckStatus.FAILED);
            assertThat(f.sample()).anySatisfy(s -> assertThat(s).contains("changed: legacy key [\"2\",\"5\"]"));
        }
    }

    private static long count(TestDatabase db, String sql) throws Exception {
        try (var c = db.database().connect("test"); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
