package dev.ferry.transfer;

import static dev.ferry.transfer.PartialRollbackTest.fingerprint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.testing.PeopleAndPets;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolling a run back to one of its checkpoints: exactly the rows of later batches go, the run is
 * left resumable from there, and resuming writes the same rows again.
 */
class CheckpointRollbackTest {
    @TempDir
    Path dir;

    /** People and pets, with every source row valid or ({@code valid} false) three people rejected. */
    private Transfers transfers(TestDatabase source, TestDatabase target, boolean valid) throws Exception {
        PeopleAndPets.create(source, target);
        if (valid) {
            PeopleAndPets.fixSource(source);
        }
        return TransferEngineTest.transfers(PeopleAndPets.plan(dir, source, target), source, target, dir.resolve(".ferry"), TransferListener.NONE);
    }

    private static TransferRollbackOptions to(int n) {
        return TransferRollbackOptions.DEFAULTS.withToCheckpoint(n).withConfirmed(true);
    }

    /** The checkpoint number of the first batch the run recorded for an entity. */
    private static int firstBatchOf(TestDatabase target, String run, String entity) throws Exception {
        return (int) TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_transfer_batches WHERE run_id = '" + run + "' AND seq <= "
                + "(SELECT MIN(seq) FROM ferry_transfer_batches WHERE run_id = '" + run + "' AND entity = '" + entity + "')");
    }

    /** Rows the run's batches up to checkpoint {@code n} wrote for an entity, from its own batch records. */
    private static long writtenUpTo(TestDatabase target, String run, String entity, int n) throws Exception {
        return TransferEngineTest.count(target, "SELECT COALESCE(SUM(rows_written), 0) FROM (SELECT rows_written, entity FROM ferry_transfer_batches "
                + "WHERE run_id = '" + run + "' ORDER BY seq LIMIT " + n + ") b WHERE entity = '" + entity + "'");
    }

    @Test
    void rollingBackToACheckpointKeepsExactlyTheEarlierBatchesAndResumeRewritesTheRestIdentically() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Transfers transfers = transfers(source, target, true);
            String run = transfers.run(TransferOptions.DEFAULTS).runId();
            String people = fingerprint(target, "people");
            String pets = fingerprint(target, "pets");
            int n = firstBatchOf(target, run, "pets");
            long petsKept = writtenUpTo(target, run, "pets", n);
            assertThat(petsKept).isBetween(1L, 59L);

            java.util.List<RunCheckpoint> checkpoints = transfers.checkpoints(run);
            assertThat(checkpoints.get(n - 1).entity()).isEqualTo("pets");
            assertThat(checkpoints.get(n - 2).entity()).isEqualTo("people");
            assertThat(checkpoints).extracting(RunCheckpoint::number).startsWith(1, 2).endsWith(checkpoints.size());
            assertThat(checkpoints.stream().filter(b -> b.entity().equals("pets")).mapToLong(RunCheckpoint::rowsWritten).sum()).isEqualTo(60);
            TransferRollbackResult preview = transfers.rollback(run, TransferRollbackOptions.DEFAULTS.withToCheckpoint(n).withDryRun(true));
            assertThat(preview.dryRun()).isTrue();
            assertThat(preview.entities()).extracting(TransferRollbackResult.EntityRollback::entity).containsExactly("pets");
            assertThat(preview.entities().get(0).rowsRecorded()).isEqualTo(60 - petsKept);
            assertThat(preview.notes()).anyMatch(note -> note.startsWith("Checkpoint " + n + ": pets slice 0"));
            assertThat(fingerprint(target, "pets")).isEqualTo(pets);
            assertThat(transfers.status(run).run().status()).isEqualTo(TransferRun.COMPLETED);

            TransferRollbackResult done = transfers.rollback(run, to(n));
            assertThat(done.rowsRemoved()).isEqualTo(60 - petsKept);
            assertThat(done.status()).isEqualTo(TransferRun.FAILED);
            assertThat(fingerprint(target, "people")).isEqualTo(people);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM pets")).isEqualTo(petsKept);
            // The kept pets are exactly those of the first pets batch: the lowest legacy keys, each still in the ID map.
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_id_map m JOIN pets p ON p.id::text = m.new_key "
                    + "WHERE m.entity = 'pets' AND CAST(m.legacy_key AS INT) <= " + petsKept)).isEqualTo(petsKept);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_id_map WHERE entity = 'pets'")).isEqualTo(petsKept);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_transfer_batches WHERE run_id = '" + run + "'")).isEqualTo(n);

            TransferResult resumed = transfers.run(TransferOptions.DEFAULTS);
            assertThat(resumed.runId()).isEqualTo(run);
            assertThat(fingerprint(target, "people")).isEqualTo(people);
            assertThat(fingerprint(target, "pets")).isEqualTo(pets);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_id_map WHERE entity = 'pets'")).isEqualTo(60);
            assertThat(transfers.status(run).run().status()).isEqualTo(TransferRun.COMPLETED);
        }
    }

    @Test
    void checkpointZeroRemovesEveryBatchAndRejectsOfLaterBatchesGoSoResumeRecordsThemOnce() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Transfers transfers = transfers(source, target, false); // three people are rejected, and their pets with them
            String run = transfers.run(TransferOptions.DEFAULTS).runId();
            String people = fingerprint(target, "people");
            String pets = fingerprint(target, "pets");
            long rejects = TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_rejects");
            assertThat(rejects).isPositive();

            transfers.rollback(run, to(0));
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM people")).isZero();
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM pets")).isZero();
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_rejects")).isZero();
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_id_map")).isZero();

            transfers.run(TransferOptions.DEFAULTS);
            assertThat(fingerprint(target, "people")).isEqualTo(people);
            assertThat(fingerprint(target, "pets")).isEqualTo(pets);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_rejects")).isEqualTo(rejects);
        }
    }

    @Test
    void rowsARetryLandedBelongToTheBatchThatRejectedThemAndGoWithIt() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Transfers transfers = transfers(source, target, false);
            String run = transfers.run(TransferOptions.DEFAULTS).runId();
            PeopleAndPets.fixSource(source);
            transfers.retry(run);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_id_map WHERE entity = 'people'")).isEqualTo(30);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_id_map WHERE batch_seq IS NULL")).isZero();
            assertThat(TransferEngineTest.count(target, "SELECT SUM(rows_written) FROM ferry_transfer_batches WHERE entity = 'people'")).isEqualTo(30);
            assertThat(TransferEngineTest.count(target, "SELECT SUM(rows_rejected) FROM ferry_transfer_batches WHERE entity = 'people'")).isZero();

            transfers.rollback(run, to(0));
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM people")).isZero();
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_id_map")).isZero();
        }
    }

    @Test
    void anInterruptedRollbackToACheckpointFinishesWhenRunAgain() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Transfers transfers = transfers(source, target, true);
            String run = transfers.run(TransferOptions.DEFAULTS).runId();
            String people = fingerprint(target, "people");
            int n = firstBatchOf(target, run, "pets");
            long petsKept = writtenUpTo(target, run, "pets", n);
            // As a killed rollback leaves it: the run marked rolling back, one removal batch committed (the highest pet keys).
            target.exec("UPDATE ferry_transfer_runs SET status = 'rolling_back' WHERE run_id = '" + run + "'",
                    "DELETE FROM pets WHERE id::text IN (SELECT new_key FROM ferry_id_map WHERE entity = 'pets' AND CAST(legacy_key AS INT) > 55)",
                    "DELETE FROM ferry_id_map WHERE entity = 'pets' AND CAST(legacy_key AS INT) > 55");

            TransferRollbackResult again = transfers.rollback(run, to(n));
            assertThat(again.rowsRemoved()).isEqualTo(60 - petsKept - 5);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM pets")).isEqualTo(petsKept);
            assertThat(fingerprint(target, "people")).isEqualTo(people);
            assertThat(transfers.status(run).run().status()).isEqualTo(TransferRun.FAILED);
        }
    }

    @Test
    void anUnknownCheckpointOrARunWithoutNumberedBatchesIsInvalidInputAndNoConfirmationIsRefused() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Transfers transfers = transfers(source, target, true);
            String run = transfers.run(TransferOptions.DEFAULTS).runId();
            String pets = fingerprint(target, "pets");
            int batches = (int) TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_transfer_batches");

            assertThatThrownBy(() -> transfers.rollback(run, to(batches + 1)))
                    .isInstanceOf(FerryException.class)
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("has no checkpoint " + (batches + 1));
            assertThatThrownBy(() -> transfers.rollback(run, TransferRollbackOptions.DEFAULTS.withToCheckpoint(1)))
                    .isInstanceOf(FerryException.class)
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY));
            assertThat(fingerprint(target, "pets")).isEqualTo(pets);

            target.exec("DELETE FROM ferry_transfer_batches");
            assertThatThrownBy(() -> transfers.rollback(run, to(1)))
                    .isInstanceOf(FerryException.class)
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("did not number a run's batches");
            assertThat(fingerprint(target, "pets")).isEqualTo(pets);
            assertThat(transfers.status(run).run().status()).isEqualTo(TransferRun.COMPLETED);

            transfers.rollback(run, TransferRollbackOptions.DEFAULTS);
            assertThatThrownBy(() -> transfers.rollback(run, to(0)))
                    .isInstanceOf(FerryException.class)
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("is rolled back, so it cannot be resumed");
        }
    }
}
