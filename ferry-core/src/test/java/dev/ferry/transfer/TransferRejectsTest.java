package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.testing.PeopleAndPets;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.verify.CheckStatus;
import dev.ferry.verify.PlanVerification;
import dev.ferry.verify.VerifyLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rejected rows listed with their reason, column and source values, then sent again once the source is fixed. */
class TransferRejectsTest {
    @TempDir
    Path dir;

    private List<RejectedRow> list(Transfers transfers, String run, RejectFilter filter) {
        List<RejectedRow> rows = new ArrayList<>();
        transfers.rejects(run, filter, rows::add);
        return rows;
    }

    @Test
    void rejectsAreListedWithReasonColumnAndSourceValuesThenRetriedToACleanVerify() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            rejectsThenRetry(source, target);
        }
    }

    @Test
    void rejectsFromMariaDbAreRetriedIntoPostgresToACleanVerify() throws Exception {
        try (TestDatabase source = TestServer.mariaDb().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            rejectsThenRetry(source, target);
        }
    }

    @Test
    void rejectsIntoMariaDbNameTheirColumnsAndAreRetriedToACleanVerify() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.mariaDb().create()) {
            rejectsThenRetry(source, target);
        }
    }

    private void rejectsThenRetry(TestDatabase source, TestDatabase target) throws Exception {
        PeopleAndPets.create(source, target);
        Path plan = PeopleAndPets.plan(dir, source, target);
        Transfers transfers = TransferEngineTest.transfers(plan, source, target, dir.resolve(".ferry"), TransferListener.NONE);
        TransferResult r = transfers.run(TransferOptions.DEFAULTS);
        String run = r.runId();

        List<RejectedRow> all = list(transfers, run, RejectFilter.ALL);
        assertThat(all).extracting(RejectedRow::entity, RejectedRow::legacyKey, RejectedRow::column).containsExactlyInAnyOrder(
                tuple("people", "5", null), tuple("people", "9", "name"),
                tuple("people", "17", "kind"),
                tuple("pets", "4", "owner_id"), tuple("pets", "34", "owner_id"),
                tuple("pets", "8", "owner_id"), tuple("pets", "38", "owner_id"),
                tuple("pets", "16", "owner_id"), tuple("pets", "46", "owner_id"));
        RejectedRow kind = all.stream().filter(x -> "17".equals(x.legacyKey())).findFirst().orElseThrow();
        assertThat(kind.reason()).contains("no entry in its map");
        assertThat(kind.sourceValues()).contains("\"kind\":\"x\"").contains("\"name\":\"person 17\"");
        RejectedRow pet = all.stream().filter(x -> "pets".equals(x.entity()) && "34".equals(x.legacyKey())).findFirst().orElseThrow();
        assertThat(pet.reason()).isEqualTo("parent rejected: people 5");
        assertThat(pet.sourceValues()).contains("\"owner_id\":\"5\"");

        assertThat(list(transfers, run, new RejectFilter("pets", null))).hasSize(6);
        assertThat(list(transfers, run, new RejectFilter(null, "AGE"))).extracting(RejectedRow::legacyKey).containsExactly("5");
        assertThatThrownBy(() -> list(transfers, run, new RejectFilter("owners", null))).isInstanceOf(FerryException.class)
                .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT)).hasMessageContaining("owners");
        assertThatThrownBy(() -> list(transfers, run, new RejectFilter("pets", "age"))).isInstanceOf(FerryException.class)
                .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT)).hasMessageContaining("No rejected row");
        Path csv = dir.resolve(".ferry/reports/" + run + "-rejects.csv");
        assertThat(Files.readAllLines(csv)).hasSize(10).first().isEqualTo(RejectsCsv.HEADER);
        assertThat(r.notes()).anyMatch(n -> n.contains(run + "-rejects.csv"));

        source.exec("UPDATE legacy_people SET kind = 'a' WHERE id = 17", "UPDATE legacy_people SET age = 5 WHERE id = 5");
        TransferRetryResult partly = transfers.retry(run);
        assertThat(partly.landed()).isEqualTo(2 + 4);
        assertThat(partly.stillRejected()).isEqualTo(3);
        assertThat(list(transfers, run, RejectFilter.ALL)).extracting(RejectedRow::legacyKey).containsExactlyInAnyOrder("9", "8", "38");
        assertThat(list(transfers, run, new RejectFilter("pets", null))).allMatch(x -> x.reason().equals("parent rejected: people 9"));
        assertThat(Files.readAllLines(csv)).hasSize(4);

        source.exec("UPDATE legacy_people SET name = 'person 9' WHERE id = 9");
        TransferRetryResult rest = transfers.retry(run);
        assertThat(rest.landed()).isEqualTo(3);
        assertThat(rest.stillRejected()).isZero();
        assertThat(csv).doesNotExist();
        assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM people")).isEqualTo(30);
        assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM pets")).isEqualTo(60);
        assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_rejects")).isZero();
        assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_id_map")).isEqualTo(90);
        assertThat(transfers.status(run).entities()).allMatch(e -> e.rowsRejected() == 0 && e.rowsWritten() == e.rowsRead());
        assertThat(PlanVerification.verify(plan, source, target, VerifyLevel.RIGOROUS)).allMatch(f -> f.status() != CheckStatus.FAILED);

        TransferRetryResult nothing = transfers.retry(run);
        assertThat(nothing.entities()).isEmpty();
        assertThat(nothing.notes()).anyMatch(n -> n.contains("no rejected rows"));
    }

    @Test
    void onlyACompletedRunsRejectsAreRetried() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            PeopleAndPets.create(source, target);
            Transfers transfers = TransferEngineTest.transfers(PeopleAndPets.plan(dir, source, target), source, target, dir.resolve(".ferry"),
                    TransferListener.NONE);
            assertThatThrownBy(() -> transfers.retry("no-such-run")).isInstanceOf(FerryException.class)
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
            String run = transfers.run(TransferOptions.DEFAULTS).runId();
            target.exec("UPDATE ferry_transfer_runs SET status = 'failed'");
            assertThatThrownBy(() -> transfers.retry(run)).isInstanceOf(FerryException.class)
                    .hasMessageContaining("--resume " + run);
        }
    }
}
