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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLI on a protected target: a transfer run is backed up first (and cannot skip it),
 * {@code transfer rollback --from-backup} is refused without --confirm and with it restores the
 * target as it was; a run without a backup is refused as invalid input. Verifying one run says
 * whether it completed.
 */
class TransferBackupCliIT {
    @TempDir
    Path project;

    @Test
    void rollbackFromBackupNeedsConfirmOnAProtectedTargetAndThenRestoresIt() throws Exception {
        try (TestDatabase legacy = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            ClinicProject.fillSource(legacy, 0.001);
            writeProject(legacy, target, true);
            assertThat(ferry("migrate", "-q").exitCode()).isZero();
            Map<String, String> before = tables(target);

            CliProcess.Result skipped = ferry("transfer", "run", "--no-backup");
            assertThat(skipped.exitCode()).as(skipped.all()).isEqualTo(5);
            assertThat(skipped.stderr()).contains("protected");

            CliProcess.Result transfer = ferry("transfer", "run", "--json");
            assertThat(transfer.exitCode()).as(transfer.all()).isZero();
            JsonNode result = Json.mapper().readTree(transfer.stdout());
            String run = result.get("runId").asText();
            String archive = result.get("backupArchive").asText();
            assertThat(Path.of(archive)).isAbsolute().exists();
            assertThat(Path.of(archive).toRealPath()).hasParent(project.toRealPath().resolve("backups"));
            assertThat(ferry("transfer", "status", run).stdout()).contains("pre-run backup: " + archive);
            assertThat(ferry("transfer", "report", run).stdout()).contains("pre-run backup: " + archive);
            Map<String, String> after = tables(target);

            CliProcess.Result refused = ferry("transfer", "rollback", run, "--from-backup");
            assertThat(refused.exitCode()).as(refused.all()).isEqualTo(5);
            assertThat(refused.stderr()).contains("--confirm");
            assertThat(tables(target)).isEqualTo(after);
            CliProcess.Result invalid = ferry("transfer", "rollback", run, "--from-backup", "--preserve-data", "--confirm");
            assertThat(invalid.exitCode()).as(invalid.all()).isEqualTo(2);

            CliProcess.Result restored = ferry("transfer", "rollback", run, "--from-backup", "--confirm");
            assertThat(restored.exitCode()).as(restored.all()).isZero();
            assertThat(restored.stdout()).contains("rolled back").contains(archive);
            assertThat(tables(target)).isEqualTo(before);
            assertThat(ferry("transfer", "list").stdout()).contains(run).contains("rolled_back");

            CliProcess.Result again = ferry("transfer", "run", "-q");
            assertThat(again.exitCode()).as(again.all()).isZero();
            assertThat(tables(target)).isEqualTo(after);
        }
    }

    @Test
    void rollbackFromBackupOfARunWithoutOneIsInvalidInput() throws Exception {
        try (TestDatabase legacy = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            JsonNode result = unprotectedTransfer(legacy, target);
            assertThat(result.path("backupArchive").asText(null)).isNull();
            String run = result.get("runId").asText();

            CliProcess.Result refused = ferry("transfer", "rollback", run, "--from-backup", "--confirm");
            assertThat(refused.exitCode()).as(refused.all()).isEqualTo(2);
            assertThat(refused.stderr()).contains("no pre-run backup").contains("ferry transfer rollback " + run);
        }
    }

    @Test
    void verifyingOneRunSaysWhetherItCompletedAndAnUnknownRunOrEntityIsInvalidInput() throws Exception {
        try (TestDatabase legacy = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            String run = unprotectedTransfer(legacy, target).get("runId").asText();

            CliProcess.Result verified = ferry("verify", "--run", run);
            assertThat(verified.exitCode()).as(verified.all()).isZero();
            assertThat(verified.stdout()).contains("transfer run " + run + " completed").contains("the plan is the one run " + run + " used");

            CliProcess.Result typo = ferry("verify", "--entities", "no_such_entity");
            assertThat(typo.exitCode()).as(typo.all()).isEqualTo(2);
            assertThat(typo.stderr()).contains("unknown entity 'no_such_entity'").contains("patients");

            CliProcess.Result unknown = ferry("verify", "--run", "20200101-000000-0000");
            assertThat(unknown.exitCode()).as(unknown.all()).isEqualTo(2);
            assertThat(unknown.stderr()).contains("ferry transfer list");

            assertThat(ferry("transfer", "rollback", run).exitCode()).isZero();
            CliProcess.Result rolledBack = ferry("verify", "--run", run);
            assertThat(rolledBack.exitCode()).as(rolledBack.all()).isEqualTo(3);
            assertThat(rolledBack.stdout()).contains("transfer run " + run + " is rolled_back");
        }
    }

    /** Fills the legacy clinic, migrates an unprotected target and transfers; the run's JSON result. */
    private JsonNode unprotectedTransfer(TestDatabase legacy, TestDatabase target) throws Exception {
        ClinicProject.fillSource(legacy, 0.001);
        writeProject(legacy, target, false);
        assertThat(ferry("migrate", "-q").exitCode()).isZero();
        CliProcess.Result transfer = ferry("transfer", "run", "--json");
        assertThat(transfer.exitCode()).as(transfer.all()).isZero();
        return Json.mapper().readTree(transfer.stdout());
    }

    private void writeProject(TestDatabase legacy, TestDatabase target, boolean protectedTarget) throws IOException {
        ClinicProject.writeTransferProject(project, legacy, target, protectedTarget);
    }

    private static Map<String, String> tables(TestDatabase db) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : ClinicProject.targetTables()) {
            out.put(t, Fingerprint.of(db, t));
        }
        return out;
    }

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(project, Map.of(), args);
    }
}
