package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Catalog;
import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.Fingerprint;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real CLI: a wrong argument is invalid input (exit 2) found before the first write, so both databases stay as they were. */
class InvalidInputChangesNothingIT {
    @TempDir
    Path project;

    @Test
    void negativeBatchSizeSampleOrScaleExitTwoAndLeaveBothDatabasesAsTheyWere() throws Exception {
        try (TestDatabase legacy = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            ClinicProject.fillSource(legacy, 0.001);
            ClinicProject.writeTransferProject(project, legacy, target, false);
            assertThat(ferry("migrate", "-q").exitCode()).isZero();
            List<String> targetTables = Catalog.tables(target);
            String patients = Fingerprint.of(legacy, "dispatch_patient");

            CliProcess.Result batch = ferry("transfer", "run", "--batch-size", "-5");
            assertThat(batch.exitCode()).as(batch.all()).isEqualTo(2);
            assertThat(batch.stderr()).contains("--batch-size must be 1 or more, not -5");

            CliProcess.Result sample = ferry("transfer", "run", "--dry-run", "--sample", "-3");
            assertThat(sample.exitCode()).as(sample.all()).isEqualTo(2);
            assertThat(sample.stderr()).contains("--sample must be 1 or more, not -3");

            CliProcess.Result scale = ferry("generate", "clinic", "--scale", "-1", "-e", "legacy");
            assertThat(scale.exitCode()).as(scale.all()).isEqualTo(2);
            assertThat(scale.stderr()).contains("--scale must be a positive number");

            assertThat(Catalog.tables(target)).as("no ferry_transfer_* tables, no run row").isEqualTo(targetTables);
            assertThat(Fingerprint.of(legacy, "dispatch_patient")).as("nothing dropped or regenerated").isEqualTo(patients);
        }
    }

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(project, Map.of(), args);
    }
}
