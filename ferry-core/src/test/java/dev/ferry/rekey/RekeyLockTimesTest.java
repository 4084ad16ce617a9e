package dev.ferry.rekey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.RekeyClinic;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each phase records how long its statements and batches held their locks, and keeps the longest of each kind for status. */
class RekeyLockTimesTest {
    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return RekeyClinic.postgres();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void expandAndSwitchReportTheirLongestLocksAndStatusKeepsThem(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            ExpandResult expanded = rekeys.expand(ExpandOptions.DEFAULTS);
            assertThat(expanded.longestLocks()).extracting(LockHeld::phase, LockHeld::kind)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("expand", LockHeld.BLOCKING),
                            org.assertj.core.groups.Tuple.tuple("expand", LockHeld.CONCURRENT));
            assertThat(expanded.longestLocks()).allSatisfy(h -> {
                assertThat(h.lockTimeoutMs()).isEqualTo(500);
                assertThat(h.runId()).isEqualTo(expanded.runId());
            });
            assertThat(expanded.longestLocks().get(1).statement()).containsAnyOf("CONCURRENTLY", "VALIDATE CONSTRAINT");

            SwitchResult switched = rekeys.switchKeys(false);
            assertThat(switched.longestLocks()).anySatisfy(h -> {
                assertThat(h.phase()).isEqualTo("switch");
                assertThat(h.kind()).isEqualTo(LockHeld.BLOCKING);
            });

            assertThat(rekeys.status().longestLocks()).extracting(LockHeld::phase).containsSubsequence("expand", "switch");
            assertThat(rekeys.status().longestLocks()).filteredOn(h -> h.phase().equals("expand"))
                    .containsExactlyInAnyOrderElementsOf(expanded.longestLocks());
            String log = Files.readString(dir.resolve(".ferry/logs/" + expanded.runId() + ".jsonl"));
            assertThat(log).contains("\"event\":\"lock_held\"").contains("backfill batch of public.dispatch_order")
                    .contains("\"longest_batch_ms\"");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aResumedPhaseKeepsTheLongerLockOfAnEarlierRun(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Rekeys rekeys = RekeyClinic.rekeys(db, dir);
            ExpandResult first = rekeys.expand(ExpandOptions.DEFAULTS);
            db.exec("UPDATE ferry_rekey_locks SET held_ms = 999999 WHERE phase = 'expand' AND kind = 'blocking'");

            ExpandResult again = rekeys.expand(ExpandOptions.DEFAULTS);

            assertThat(again.runId()).isNotEqualTo(first.runId());
            assertThat(rekeys.status().longestLocks()).filteredOn(h -> h.kind().equals(LockHeld.BLOCKING))
                    .singleElement().satisfies(h -> {
                        assertThat(h.heldMs()).isEqualTo(999999);
                        assertThat(h.longerThanLockTimeout()).isTrue();
                    });
        }
    }
}
