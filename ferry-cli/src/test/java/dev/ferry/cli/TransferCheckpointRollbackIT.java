package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.run.Json;
import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLI rolling a transfer back to a checkpoint: an unknown checkpoint is invalid input,
 * no confirmation without a terminal is refused, the dry run changes nothing, a rollback killed
 * with SIGKILL finishes when run again, and resuming the run then writes the same rows again.
 */
class TransferCheckpointRollbackIT {
    @TempDir
    Path project;

    @Test
    void rollbackToACheckpointKilledMidwayFinishesWhenRunAgainAndResumeRewritesTheSameRows() throws Exception {
        try (TestDatabase legacy = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            ClinicProject.fillSource(legacy, 0.01);
            ClinicProject.writeTransferProject(project, legacy, target, false);
            assertThat(ferry("migrate", "-q").exitCode()).isZero();
            CliProcess.Result transfer = ferry("transfer", "run", "-q");
            assertThat(transfer.exitCode()).as(transfer.all()).isZero();
            Map<String, String> after = TransferRollbackKillIT.fingerprints(target, true);
            String run = Json.mapper().readTree(ferry("transfer", "list", "--json").stdout()).get(0).get("id").asText();
            long batches = SchemaCount.rows(target, "SELECT COUNT(*) FROM ferry_transfer_batches");
            long recorded = SchemaCount.rows(target, "SELECT COUNT(*) FROM ferry_id_map");
            String half = Long.toString(batches / 2);

            CliProcess.Result listed = ferry("transfer", "status", run, "--checkpoints");
            assertThat(listed.exitCode()).as(listed.all()).isZero();
            assertThat(listed.stdout()).contains("Checkpoint").containsPattern("(?m)^" + batches + " +\\w+ +0 ");
            CliProcess.Result unknown = ferry("transfer", "rollback", run, "--to-checkpoint", Long.toString(batches + 1), "--confirm");
            assertThat(unknown.exitCode()).as(unknown.all()).isEqualTo(2);
            assertThat(unknown.stderr()).contains("has no checkpoint " + (batches + 1));
            CliProcess.Result refused = ferry("transfer", "rollback", run, "--to-checkpoint", half);
            assertThat(refused.exitCode()).as(refused.all()).isEqualTo(5);
            assertThat(refused.stderr()).contains("--confirm");
            CliProcess.Result preview = ferry("transfer", "rollback", run, "--to-checkpoint", half, "--dry-run");
            assertThat(preview.exitCode()).as(preview.all()).isZero();
            assertThat(preview.stdout()).contains("Dry run").contains("Checkpoint " + half + ": ").contains("removed with checkpoint");
            assertThat(TransferRollbackKillIT.fingerprints(target, true)).isEqualTo(after);

            Process p = CliProcess.start(project, Map.of(), "transfer", "rollback", run, "--to-checkpoint", "0", "--confirm", "--batch-size", "100");
            TransferRollbackKillIT.killOnceBelow(p, target, recorded - 2_000);
            assertThat(SchemaCount.rows(target, "SELECT COUNT(*) FROM ferry_id_map")).isPositive();

            CliProcess.Result finished = ferry("transfer", "rollback", run, "--to-checkpoint", "0", "--confirm", "--batch-size", "100");
            assertThat(finished.exitCode()).as(finished.all()).isZero();
            assertThat(finished.stdout()).contains("Continued an interrupted rollback").contains("is failed");
            assertThat(SchemaCount.rows(target, "SELECT COUNT(*) FROM ferry_id_map")).isZero();
            assertThat(SchemaCount.rows(target, "SELECT COUNT(*) FROM ferry_transfer_batches")).isZero();

            CliProcess.Result resumed = ferry("transfer", "run", "-q", "--resume", run);
            assertThat(resumed.exitCode()).as(resumed.all()).isZero();
            assertThat(TransferRollbackKillIT.fingerprints(target, true)).isEqualTo(after);
            JsonNode status = Json.mapper().readTree(ferry("transfer", "list", "--json").stdout()).get(0);
            assertThat(status.get("status").asText()).isEqualTo("completed");
        }
    }

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(project, Map.of(), args);
    }
}
