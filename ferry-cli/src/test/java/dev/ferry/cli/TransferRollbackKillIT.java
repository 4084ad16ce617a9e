package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.run.Json;
import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.Fingerprint;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLI rolling back a transfer on a protected target: refused without --confirm, killed
 * with SIGKILL midway, run again to the end; the target is then as before the transfer, and the
 * transfer can be made again.
 */
class TransferRollbackKillIT {
    @TempDir
    Path project;

    @Test
    void rollbackKilledMidwayThenRunAgainLeavesTheTargetAsBefore() throws Exception {
        try (TestDatabase legacy = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            ClinicProject.fillSource(legacy, 0.01);
            writeProject(legacy, target);
            assertThat(ferry("migrate", "-q").exitCode()).isZero();
            Map<String, String> before = fingerprints(target, false);
            CliProcess.Result transfer = ferry("transfer", "run", "-q");
            assertThat(transfer.exitCode()).as(transfer.all()).isZero();
            Map<String, String> after = fingerprints(target, true);
            JsonNode runs = Json.mapper().readTree(ferry("transfer", "list", "--json").stdout());
            String run = runs.get(0).get("id").asText();
            long recorded = SchemaCount.rows(target, "SELECT COUNT(*) FROM ferry_id_map");

            CliProcess.Result refused = ferry("transfer", "rollback", run);
            assertThat(refused.exitCode()).as(refused.all()).isEqualTo(5);
            assertThat(refused.stderr()).contains("--confirm");
            CliProcess.Result preview = ferry("transfer", "rollback", run, "--dry-run");
            assertThat(preview.exitCode()).as(preview.all()).isZero();
            assertThat(preview.stdout()).contains("Dry run").contains("orders").contains("offices");
            assertThat(fingerprints(target, true)).isEqualTo(after);

            Process p = CliProcess.start(project, Map.of(), "transfer", "rollback", run, "--confirm", "--batch-size", "100");
            killOnceBelow(p, target, recorded - 8_000);
            assertThat(SchemaCount.rows(target, "SELECT COUNT(*) FROM ferry_id_map")).isPositive();
            assertThat(ferry("transfer", "status", run).stdout()).contains("rolling_back");
            CliProcess.Result blocked = ferry("transfer", "run");
            assertThat(blocked.exitCode()).isEqualTo(2);
            assertThat(blocked.stderr()).contains("being rolled back");

            CliProcess.Result resumed = ferry("transfer", "rollback", run, "--confirm", "--batch-size", "100");
            assertThat(resumed.exitCode()).as(resumed.all()).isZero();
            assertThat(resumed.stdout()).contains("rolled back").contains("Continued an interrupted rollback");
            assertThat(fingerprints(target, false)).isEqualTo(before);
            assertThat(SchemaCount.rows(target, "SELECT COUNT(*) FROM ferry_id_map")).isZero();
            assertThat(ferry("transfer", "list").stdout()).contains(run).contains("rolled_back");

            CliProcess.Result again = ferry("transfer", "run", "-q");
            assertThat(again.exitCode()).as(again.all()).isZero();
            assertThat(fingerprints(target, true)).isEqualTo(after);
        }
    }

    @Test
    void snapshotRestoreAsksOrNeedsConfirm() throws Exception {
        try (TestDatabase legacy = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            ClinicProject.fillSource(legacy, 0.001);
            writeProject(legacy, target);
            String before = Fingerprint.of(legacy, "dispatch_order");
            CliProcess.Result snap = ferry("snapshot", "dispatch_order", "-e", "legacy", "--json");
            assertThat(snap.exitCode()).as(snap.all()).isZero();
            String id = Json.mapper().readTree(snap.stdout()).get("snapshotId").asText();
            assertThat(ferry("snapshot", "list", "-e", "legacy").stdout()).contains(id).contains("dispatch_order");
            try (var c = legacy.database().connect("test"); var st = c.createStatement()) {
                st.execute("UPDATE dispatch_order SET status = 'renamed'");
            }
            CliProcess.Result notAsked = ferry("snapshot", "restore", id, "-e", "legacy");
            assertThat(notAsked.exitCode()).as(notAsked.all()).isEqualTo(5);
            assertThat(notAsked.stderr()).contains("--confirm");
            CliProcess.Result restored = ferry("snapshot", "restore", "dispatch_order", "-e", "legacy", "--confirm");
            assertThat(restored.exitCode()).as(restored.all()).isZero();
            assertThat(Fingerprint.of(legacy, "dispatch_order")).isEqualTo(before);
            CliProcess.Result dropped = ferry("snapshot", "drop", "--older-than", "0s", "-e", "legacy");
            assertThat(dropped.exitCode()).as(dropped.all()).isZero();
            assertThat(ferry("snapshot", "list", "-e", "legacy").stdout()).contains("No snapshots");
            assertThat(ferry("snapshot", "drop", "--older-than", "soon", "-e", "legacy").exitCode()).isEqualTo(2);

            assertThat(ferry("migrate", "-q").exitCode()).isZero();
            assertThat(ferry("snapshot", "offices", "-q").exitCode()).isZero();
            CliProcess.Result guarded = ferry("snapshot", "restore", "offices");
            assertThat(guarded.exitCode()).as(guarded.all()).isEqualTo(5);
            assertThat(guarded.stderr()).contains("protected");
            assertThat(ferry("snapshot", "drop", "--older-than", "0s").exitCode()).isEqualTo(5);
            assertThat(ferry("snapshot", "restore", "offices", "--confirm").exitCode()).isZero();
        }
    }

    private void writeProject(TestDatabase legacy, TestDatabase target) throws IOException {
        ClinicProject.writeTransferProject(project, legacy, target, true);
    }

    /** Kills a rollback with SIGKILL once the ID map holds fewer than {@code rows} rows; fails if it ends first or stalls. */
    static void killOnceBelow(Process p, TestDatabase target, long rows) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (SchemaCount.rows(target, "SELECT COUNT(*) FROM ferry_id_map") > rows) {
            assertThat(p.isAlive()).as("the rollback ended before it was killed").isTrue();
            assertThat(System.nanoTime()).as("rollback progress within 120 s").isLessThan(deadline);
            Thread.sleep(10);
        }
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    static Map<String, String> fingerprints(TestDatabase db, boolean withIdMap) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : ClinicProject.targetTables()) {
            out.put(t, Fingerprint.of(db, t));
        }
        if (withIdMap) {
            out.put("ferry_id_map", Fingerprint.of(db, "(SELECT entity, legacy_key, new_key FROM ferry_id_map) m"));
        }
        return out;
    }

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(project, Map.of(), args);
    }
}
