package dev.ferry.transfer;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.transfer.plan.EntityPlan;
import dev.ferry.transfer.plan.KeyStrategy;
import dev.ferry.transfer.plan.KeyTuples;
import dev.ferry.transfer.plan.KeyUuids;
import dev.ferry.transfer.plan.PlanLoader;
import dev.ferry.transfer.plan.TransferPlan;
import dev.ferry.transfer.transform.Transforms;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans with keys of several columns: how they read, and what they refuse before touching a database. */
class CompositeKeyPlanTest {
    private static final String HEAD = "source: jdbc:postgresql://h/a\ntarget: jdbc:postgresql://h/b\nentities:\n"
            + "  tracks: {from: track, key: {column: id}}\n";

    @TempDir
    Path dir;

    private final PlanLoader loader = new PlanLoader(Map.of(), new Transforms(getClass().getClassLoader()));

    private TransferPlan load(String entities) {
        return loader.load(write(dir.resolve("plan.yaml"), HEAD + entities));
    }

    @Test
    void aKeyOfSeveralColumnsAndAReferenceToItAreRead() {
        TransferPlan plan = load("  links:\n    from: playlist_track\n    key: {columns: [playlist_id, track_id], strategy: uuid}\n"
                + "    references: {track_id: {entity: tracks}}\n"
                + "  plays:\n    from: play\n    key: {column: id}\n"
                + "    references: {link_id: {from: [playlist_id, track_id], entity: links}}\n"
                + "  kept:\n    from: playlist_track\n    to: kept_links\n    key: {columns: [playlist_id, track_id], strategy: kept}\n");
        EntityPlan links = plan.entity("links").orElseThrow();
        assertThat(links.keyColumns()).containsExactly("playlist_id", "track_id");
        assertThat(links.keyTargets()).containsExactly("id");
        assertThat(links.idMap()).isTrue();
        assertThat(plan.entity("plays").orElseThrow().references().get(0).fromColumns()).containsExactly("playlist_id", "track_id");
        EntityPlan kept = plan.entity("kept").orElseThrow();
        assertThat(kept.keyStrategy()).isEqualTo(KeyStrategy.KEEP);
        assertThat(kept.keyTargets()).containsExactly("playlist_id", "track_id");
        assertThat(kept.idMap()).isFalse();
    }

    @Test
    void theTupleTextIsUnambiguousAndItsUuidNeverChanges() {
        assertThat(KeyTuples.encode("1", "2")).isEqualTo("[\"1\",\"2\"]");
        assertThat(KeyTuples.encode("a,b", "c")).isNotEqualTo(KeyTuples.encode("a", "b,c"));
        assertThat(KeyTuples.decode(KeyTuples.encode("x\"]", "[,\\"))).containsExactly("x\"]", "[,\\");
        // Pinned (UUID v5 of 'playlist_tracks:["1","2"]' in Ferry's namespace): a change here would give every transferred link row a new key.
        assertThat(KeyUuids.of("playlist_tracks", KeyTuples.encode("1", "2"))).hasToString("2a170b66-ee8e-555c-82bf-d2654c19ec67");
    }

    @Test
    void aReferenceReadingTheWrongNumberOfColumnsOrPointingAtAKeptCompositeKeyIsRefused() {
        assertThatThrownBy(() -> load("  links:\n    from: playlist_track\n    key: {columns: [playlist_id, track_id]}\n"
                + "  plays:\n    from: play\n    key: {column: id}\n    references: {link_id: {from: track_id, entity: links}}\n"))
                .hasMessageContaining("reference 'link_id' reads 1 column(s), but the key of 'links' has 2 (playlist_id, track_id)");
        assertThatThrownBy(() -> load("  links:\n    from: playlist_track\n    key: {columns: [playlist_id, track_id], strategy: kept}\n"
                + "  plays:\n    from: play\n    key: {column: id}\n    references: {link_id: {from: [playlist_id, track_id], entity: links}}\n"))
                .hasMessageContaining("whose key of several columns the target keeps");
    }

    @Test
    void columnAndColumnsTogetherSplitAndAnUpdateEntityAreRefused() {
        assertThatThrownBy(() -> load("  links:\n    from: playlist_track\n    key: {column: id, columns: [playlist_id, track_id]}\n"))
                .hasMessageContaining("plan.yaml:5:3").hasMessageContaining("'key: {columns: [a, b]}'");
        assertThatThrownBy(() -> load("  links:\n    from: playlist_track\n    key: {columns: [playlist_id, playlist_id]}\n"))
                .hasMessageContaining("each once");
        assertThatThrownBy(() -> load("  links:\n    from: playlist_track\n    split: 4\n    key: {columns: [playlist_id, track_id]}\n"))
                .hasMessageContaining("copied as one slice");
        assertThatThrownBy(() -> load("  links:\n    from: playlist_track\n    mode: update\n    key: {columns: [playlist_id, track_id]}\n"))
                .hasMessageContaining("an update entity cannot yet");
    }
}
