package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad rows, budgets, lost connections, in-place backfills and bad plans, on the embedded PostgreSQL. */
class TransferFailuresTest {
    @TempDir
    Path dir;

    private static long count(TestDatabase db, String sql) throws Exception {
        return TransferEngineTest.count(db, sql);
    }

    private Path simplePlan(TestDatabase source, TestDatabase target, String maxRejects) {
        return Projects.transferPlan(dir.resolve("plan.yaml"), source, target,
                "defaults:\n  batch_size: 10\n  max_rejects: " + maxRejects + "\nentities:\n"
                + "  people:\n    from: legacy_people\n    to: people\n    key: {column: id}\n    columns:\n"
                + "      name: {from: name, transform: [trim]}\n      kind: {from: kind, map: {a: adult, c: child}}\n      age: age\n");
    }

    private void people(TestDatabase source, TestDatabase target, int rows) throws Exception {
        source.exec("CREATE TABLE legacy_people (id INT PRIMARY KEY, name TEXT, kind TEXT, age INT)",
                "INSERT INTO legacy_people SELECT g, ' person ' || g, CASE WHEN g % 2 = 0 THEN 'a' ELSE 'c' END, g % 90 FROM generate_series(1, " + rows + ") g");
        target.exec("CREATE TABLE people (id UUID PRIMARY KEY, name VARCHAR(20) NOT NULL, kind VARCHAR(10) NOT NULL, age INT CHECK (age >= 0))");
    }

    @Test
    void badRowsGoToRejectsWithTheirReasonAndTheRestArrives() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            people(source, target, 100);
            source.exec("UPDATE legacy_people SET kind = 'x' WHERE id = 17", "UPDATE legacy_people SET age = -1 WHERE id = 42",
                    "UPDATE legacy_people SET name = repeat('n', 30) WHERE id = 63");
            TransferResult r = TransferEngineTest.transfers(simplePlan(source, target, "5"), source, target, dir, TransferListener.NONE)
                    .run(TransferOptions.DEFAULTS);
            assertThat(r.entities().get(0).rowsRejected()).isEqualTo(3);
            assertThat(count(target, "SELECT COUNT(*) FROM people")).isEqualTo(97);
            assertThat(count(target, "SELECT COUNT(*) FROM ferry_rejects WHERE legacy_key = '17' AND error LIKE '%no entry in its map%'")).isEqualTo(1);
            assertThat(count(target, "SELECT COUNT(*) FROM ferry_rejects WHERE legacy_key = '42' AND error LIKE '%check constraint%'")).isEqualTo(1);
            assertThat(count(target, "SELECT COUNT(*) FROM ferry_rejects WHERE legacy_key = '63' AND error LIKE '%too long%'")).isEqualTo(1);
            assertThat(count(target, "SELECT COUNT(*) FROM ferry_id_map")).isEqualTo(97);
        }
    }

    @Test
    void exceedingTheRejectBudgetFailsTheRunAndResumeFinishesItOnceFixed() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            people(source, target, 100);
            source.exec("UPDATE legacy_people SET kind = 'x' WHERE id IN (5, 6)");
            Path plan = simplePlan(source, target, "1");
            assertThatThrownBy(() -> TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE).run(TransferOptions.DEFAULTS))
                    .isInstanceOf(FerryException.class).hasMessageContaining("budget").hasMessageContaining("ferry_rejects");
            assertThat(count(target, "SELECT COUNT(*) FROM ferry_transfer_runs WHERE status = 'failed'")).isEqualTo(1);
            Path relaxed = simplePlan(source, target, "10%");
            TransferResult r = TransferEngineTest.transfers(relaxed, source, target, dir, TransferListener.NONE)
                    .run(TransferOptions.DEFAULTS.withResume(TransferEngineTest.lastRun(target)));
            assertThat(r.resumed()).isTrue();
            assertThat(count(target, "SELECT COUNT(*) FROM people")).isEqualTo(98);
            assertThat(count(target, "SELECT COUNT(*) FROM ferry_rejects")).isEqualTo(2);
        }
    }

    /** Runs the people plan, terminating the sessions named {@code application} on {@code victim} after the fourth committed batch. */
    private TransferResult runKillingOnce(TestDatabase source, TestDatabase target, TestDatabase victim, String application,
                                          List<TransferEvent> events) {
        AtomicInteger batches = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        TransferListener killer = e -> {
            events.add(e);
            if (e instanceof TransferEvent.BatchCommitted && batches.incrementAndGet() == 4 && killed.compareAndSet(false, true)) {
                try {
                    victim.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                            + "AND application_name LIKE '" + application + "' AND pid <> pg_backend_pid()");
                } catch (Exception x) {
                    throw new IllegalStateException(x);
                }
            }
        };
        return TransferEngineTest.transfers(simplePlan(source, target, "0"), source, target, dir, killer).run(TransferOptions.DEFAULTS.withBatchSize(50));
    }

    @Test
    void lostConnectionIsRetriedWithBackoffAndNothingIsDuplicatedOrLost() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            people(source, target, 2000);
            List<TransferEvent> events = Collections.synchronizedList(new ArrayList<>());
            TransferResult r = runKillingOnce(source, target, target, "ferry transfer % people", events);
            assertThat(events).anyMatch(e -> e instanceof TransferEvent.Retry);
            assertThat(r.entities().get(0).retries()).isPositive();
            assertThat(count(target, "SELECT COUNT(*) FROM people")).isEqualTo(2000);
            assertThat(count(target, "SELECT COUNT(*) FROM ferry_id_map")).isEqualTo(2000);
            assertThat(r.entities().get(0).rowsRead()).isEqualTo(2000);
        }
    }

    @Test
    void aSourceConnectionLostWhileReadingAheadIsRetriedAndNothingIsDuplicatedOrLost() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            people(source, target, 3000);
            List<TransferEvent> events = Collections.synchronizedList(new ArrayList<>());
            TransferResult r = runKillingOnce(source, target, source, "ferry transfer % people (read)", events);
            assertThat(events).anyMatch(e -> e instanceof TransferEvent.Retry);
            assertThat(count(target, "SELECT COUNT(*) FROM people")).isEqualTo(3000);
            assertThat(count(target, "SELECT COUNT(DISTINCT id) FROM people")).isEqualTo(3000);
            assertThat(count(target, "SELECT COUNT(*) FROM ferry_id_map")).isEqualTo(3000);
            assertThat(r.entities().get(0).rowsRead()).isEqualTo(3000);
        }
    }

    @Test
    void inPlaceBackfillUpdatesByKeyAndResumesAfterACrash() throws Exception {
        try (TestDatabase db = TestServer.embeddedPostgres().create()) {
            db.exec("CREATE TABLE clinics (id INT PRIMARY KEY, tenant_id INT NOT NULL)",
                    "CREATE TABLE visits (id INT PRIMARY KEY, clinic_id INT NOT NULL REFERENCES clinics (id), tenant_id INT)",
                    "INSERT INTO clinics SELECT g, 1000 + g FROM generate_series(1, 10) g",
                    "INSERT INTO visits SELECT g, 1 + g % 10, NULL FROM generate_series(1, 1000) g");
            Path plan = Projects.transferPlan(dir.resolve("backfill.yaml"), db, db, "entities:\n  visit_tenants:\n    mode: update\n"
                    + "    query: \"SELECT v.id, c.tenant_id FROM visits v JOIN clinics c ON c.id = v.clinic_id\"\n"
                    + "    to: visits\n    key: {column: id, strategy: keep, target: id}\n    columns:\n      tenant_id: tenant_id\n");
            AtomicInteger batches = new AtomicInteger();
            TransferListener crash = e -> {
                if (e instanceof TransferEvent.BatchCommitted && batches.incrementAndGet() == 3) {
                    throw new IllegalStateException("simulated crash after three batches");
                }
            };
            assertThatThrownBy(() -> TransferEngineTest.transfers(plan, db, db, dir, crash).run(TransferOptions.DEFAULTS.withBatchSize(100)))
                    .hasMessageContaining("simulated crash");
            assertThat(count(db, "SELECT COUNT(*) FROM visits WHERE tenant_id IS NOT NULL")).isEqualTo(300);
            TransferResult r = TransferEngineTest.transfers(plan, db, db, dir, TransferListener.NONE).run(TransferOptions.DEFAULTS.withBatchSize(100));
            assertThat(r.resumed()).isTrue();
            assertThat(count(db, "SELECT COUNT(*) FROM visits v JOIN clinics c ON c.id = v.clinic_id WHERE v.tenant_id = c.tenant_id")).isEqualTo(1000);
            assertThat(r.entities().get(0).rowsWritten()).isEqualTo(1000);
        }
    }

    @Test
    void planThatDoesNotMatchTheDatabasesIsRefusedWithLinesBeforeAnyRowMoves() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            people(source, target, 10);
            Path plan = Projects.transferPlan(dir.resolve("bad.yaml"), source, target,
                    "entities:\n  people:\n    from: legacy_people\n    to: people\n    key: {column: id}\n    columns:\n"
                    + "      name: full_name\n      kind: kind\n  pets:\n    from: legacy_pets\n    to: pets\n    key: {column: id}\n");
            assertThatThrownBy(() -> TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE).run(TransferOptions.DEFAULTS))
                    .isInstanceOf(FerryException.class)
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("bad.yaml:4:3: entity 'people'")
                    .hasMessageContaining("source column 'full_name' does not exist")
                    .hasMessageContaining("source table public.legacy_pets does not exist");
            assertThat(count(target, "SELECT COUNT(*) FROM people")).isZero();
        }
    }

    @Test
    void dryRunReportsWhatTheTargetWouldRefuseAndLeavesNothingBehind() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            people(source, target, 20);
            source.exec("UPDATE legacy_people SET name = repeat('n', 30) WHERE id = 3", "UPDATE legacy_people SET kind = 'z' WHERE id = 4");
            TransferResult r = TransferEngineTest.transfers(simplePlan(source, target, "0"), source, target, dir, TransferListener.NONE)
                    .run(TransferOptions.DEFAULTS.withDryRun(true));
            assertThat(r.dryRun()).isTrue();
            assertThat(r.findings()).extracting(DryRunFinding::legacyKey).containsExactly("3", "4");
            assertThat(r.findings().get(0).problem()).contains("too long");
            assertThat(count(target, "SELECT COUNT(*) FROM people")).isZero();
            assertThat(count(target, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'ferry_transfer_runs'")).isZero();
        }
    }

    @Test
    void targetHoldingRowsIsRefusedUnlessFresh() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            people(source, target, 30);
            Path plan = simplePlan(source, target, "0");
            TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE).run(TransferOptions.DEFAULTS);
            assertThatThrownBy(() -> TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE).run(TransferOptions.DEFAULTS))
                    .hasMessageContaining("already holds 30 rows").hasMessageContaining("--fresh");
            TransferResult again = TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE).run(TransferOptions.DEFAULTS.withFresh(true));
            assertThat(again.notes()).anyMatch(n -> n.contains("deleted 30 rows"));
            assertThat(count(target, "SELECT COUNT(*) FROM people")).isEqualTo(30);
        }
    }

    @Test
    void aFreshRunMarksTheCompletedRunWhoseRowsItDeleted() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            people(source, target, 30);
            Path plan = simplePlan(source, target, "0");
            String first = TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE).run(TransferOptions.DEFAULTS).runId();
            Transfers again = TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE);
            TransferResult second = again.run(TransferOptions.DEFAULTS.withFresh(true));
            assertThat(second.notes()).anyMatch(n -> n.contains(first) && n.contains(TransferRun.DELETED_BY_FRESH));
            assertThat(again.list()).extracting(TransferRun::id, TransferRun::status)
                    .contains(org.assertj.core.groups.Tuple.tuple(first, TransferRun.DELETED_BY_FRESH),
                            org.assertj.core.groups.Tuple.tuple(second.runId(), TransferRun.COMPLETED));
        }
    }
}
