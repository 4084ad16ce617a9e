package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every source row is accounted for: written, rejected with a reason, or filtered; never lost
 * silently. On every test server (embedded PostgreSQL, the PostgreSQL service, MariaDB).
 */
class TransferAccountingTest {
    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    private static final String OWNERS_AND_PETS = """
            entities:
              owners:
                from: legacy_owners
                to: owners
                key: {column: id, strategy: keep, target: id}
                columns:
                  name: name
              pets:
                from: legacy_pets
                to: pets
                key: {column: id, strategy: keep, target: id}
                columns:
                  name: name
                references:
                  owner_id: {entity: owners}
            """;

    /** Owners 1..6 (owner 3 without the name the target requires), pets 1..12, pet n belonging to owner 1 + (n - 1) % 6. */
    private static void ownersAndPets(TestDatabase source, TestDatabase target) throws Exception {
        source.exec("CREATE TABLE legacy_owners (id INT PRIMARY KEY, name VARCHAR(40))",
                "CREATE TABLE legacy_pets (id INT PRIMARY KEY, owner_id INT, name VARCHAR(40))",
                "INSERT INTO legacy_owners VALUES (1, 'Ada'), (2, 'Grace'), (3, NULL), (4, 'Linus'), (5, 'Ken'), (6, 'Barbara')",
                "INSERT INTO legacy_pets VALUES (1, 1, 'p1'), (2, 2, 'p2'), (3, 3, 'p3'), (4, 4, 'p4'), (5, 5, 'p5'), (6, 6, 'p6'),"
                        + " (7, 1, 'p7'), (8, 2, 'p8'), (9, 3, 'p9'), (10, 4, 'p10'), (11, 5, 'p11'), (12, 6, 'p12')");
        target.exec("CREATE TABLE owners (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)",
                "CREATE TABLE pets (id INT PRIMARY KEY, owner_id INT REFERENCES owners (id), name VARCHAR(40))");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void dryRunDoesNotReportSampledChildrenWhoseParentsAreOutsideTheSample(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase target = server.create()) {
            ownersAndPets(source, target);
            source.exec("UPDATE legacy_pets SET owner_id = 6 WHERE id IN (1, 2)");
            Path plan = Projects.transferPlan(dir.resolve("plan.yaml"), source, target, OWNERS_AND_PETS);
            TransferResult r = TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE)
                    .run(new TransferOptions(List.of(), true, null, null, null, false, 2, null));
            assertThat(r.findings()).isEmpty();
            assertThat(r.status()).isEqualTo("dry run: no problems");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void runningAFinishedTransferAgainSaysTheEarlierRunCompletedBeforeSuggestingFresh(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase target = server.create()) {
            ownersAndPets(source, target);
            source.exec("UPDATE legacy_owners SET name = 'Kathleen' WHERE id = 3");
            Path plan = Projects.transferPlan(dir.resolve("plan.yaml"), source, target, OWNERS_AND_PETS);
            TransferResult first = TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE).run(TransferOptions.DEFAULTS);
            assertThat(first.status()).isEqualTo("completed");
            assertThatThrownBy(() -> TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE).run(TransferOptions.DEFAULTS))
                    .isInstanceOf(FerryException.class)
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("run " + first.runId() + " of this transfer completed")
                    .hasMessageContaining("--fresh");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aSourceKeyThatIsNotUniqueRejectsEveryRowAfterTheFirstAsADuplicateKeyAndLosesNone(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase target = server.create()) {
            StringBuilder rows = new StringBuilder();
            for (int pet = 1; pet <= 30; pet++) {
                rows.append(pet == 1 ? "" : ", ").append("(").append(1 + (pet - 1) / 5).append(", ").append(pet).append(")");
            }
            source.exec("CREATE TABLE legacy_links (owner_id INT NOT NULL, pet_id INT NOT NULL)", "INSERT INTO legacy_links VALUES " + rows);
            target.exec("CREATE TABLE links (owner_id INT NOT NULL, pet_id INT NOT NULL)");
            Path plan = Projects.transferPlan(dir.resolve("plan.yaml"), source, target, """
                    entities:
                      links:
                        from: legacy_links
                        to: links
                        key: {column: owner_id, strategy: keep, target: owner_id}
                        id_map: false
                        max_rejects: 30
                        columns:
                          pet_id: pet_id
                    """);
            TransferResult r = TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE)
                    .run(TransferOptions.DEFAULTS.withBatchSize(4));
            EntityReport links = r.entities().get(0);
            assertThat(links.rowsRead()).isEqualTo(30);
            assertThat(links.rowsWritten()).isEqualTo(6);
            assertThat(links.rowsRejected()).isEqualTo(24);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_rejects WHERE error LIKE 'duplicate key%'")).isEqualTo(24);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(DISTINCT owner_id) FROM links")).isEqualTo(6);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aRejectedParentRejectsItsChildrenSoTheDeferredForeignKeyIsRebuilt(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase target = server.create()) {
            ownersAndPets(source, target);
            Path plan = Projects.transferPlan(dir.resolve("plan.yaml"), source, target, OWNERS_AND_PETS.replace(
                    "      name: name\n  pets:", "      name: name\n    max_rejects: 1\n  pets:").replace(
                    "    references:", "    max_rejects: 2\n    defer_constraints: true\n    references:"));
            TransferResult r = TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE).run(TransferOptions.DEFAULTS);
            assertThat(r.status()).isEqualTo("completed");
            assertThat(r.entities()).extracting(EntityReport::rowsWritten).containsExactly(5L, 10L);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_rejects WHERE entity = 'pets' "
                    + "AND legacy_key IN ('3', '9') AND error = 'parent rejected: owners 3'")).isEqualTo(2);
            String schema = target.isMariaDb() ? "DATABASE()" : "current_schema()";
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM information_schema.table_constraints WHERE table_schema = "
                    + schema + " AND table_name = 'pets' AND constraint_type = 'FOREIGN KEY'")).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void anUpdateEntityUpdatesTheRowsOfTheEntityItNamesAndRejectsRowsWithNoTarget(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase target = server.create()) {
            source.exec("CREATE TABLE legacy_store (id INT PRIMARY KEY, name VARCHAR(40))",
                    "CREATE TABLE legacy_store_notes (store_id INT PRIMARY KEY, note VARCHAR(40))",
                    "INSERT INTO legacy_store VALUES (1, 'North'), (2, 'South'), (3, 'East')",
                    "INSERT INTO legacy_store_notes VALUES (1, 'big'), (3, 'new'), (99, 'gone')");
            target.exec("CREATE TABLE store (id " + (target.isMariaDb() ? "CHAR(36)" : "UUID") + " PRIMARY KEY, name VARCHAR(40), note VARCHAR(40))");
            Path plan = Projects.transferPlan(dir.resolve("plan.yaml"), source, target, """
                    entities:
                      store:
                        from: legacy_store
                        to: store
                        key: {column: id}
                        columns:
                          name: name
                      store_notes:
                        from: legacy_store_notes
                        updates: store
                        key: {column: store_id}
                        max_rejects: 1
                        columns:
                          note: note
                    """);
            TransferResult r = TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE).run(TransferOptions.DEFAULTS);
            assertThat(r.entities()).extracting(EntityReport::entity).containsExactly("store", "store_notes");
            assertThat(r.entities().get(1).rowsWritten()).isEqualTo(2);
            assertThat(r.entities().get(1).rowsRejected()).isEqualTo(1);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM store WHERE name = 'North' AND note = 'big'")).isEqualTo(1);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM store WHERE name = 'East' AND note = 'new'")).isEqualTo(1);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_rejects WHERE entity = 'store_notes' "
                    + "AND legacy_key = '99' AND error LIKE 'no target row to update%'")).isEqualTo(1);
        }
    }

    @Test
    void onMissingParentNullWritesTheChildWithoutItsReferenceAndFailStopsTheRun() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            ownersAndPets(source, target);
            String plan = OWNERS_AND_PETS.replace("      name: name\n  pets:", "      name: name\n    max_rejects: 1\n  pets:");
            Path nulls = Projects.transferPlan(dir.resolve("nulls.yaml"), source, target,
                    plan.replace("{entity: owners}", "{entity: owners, on_missing_parent: null}"));
            TransferEngineTest.transfers(nulls, source, target, dir, TransferListener.NONE).run(TransferOptions.DEFAULTS);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM pets WHERE owner_id IS NULL AND id IN (3, 9)")).isEqualTo(2);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM pets")).isEqualTo(12);

            Path fail = Projects.transferPlan(dir.resolve("fail.yaml"), source, target,
                    plan.replace("{entity: owners}", "{entity: owners, on_missing_parent: fail}"));
            assertThatThrownBy(() -> TransferEngineTest.transfers(fail, source, target, dir, TransferListener.NONE)
                    .run(TransferOptions.DEFAULTS.withFresh(true)))
                    .isInstanceOf(FerryException.class).hasMessageContaining("parent rejected: owners 3")
                    .hasMessageContaining("on_missing_parent: fail");
        }
    }

    @Test
    void aForeignKeyThatCannotBeRebuiltFailsTheRunAndStatusNamesItWithTheCommandThatRestoresIt() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            ownersAndPets(source, target);
            source.exec("UPDATE legacy_owners SET name = 'Kathleen' WHERE id = 3", "ALTER TABLE legacy_pets ADD COLUMN vet_id INT",
                    "UPDATE legacy_pets SET vet_id = 7 WHERE id = 4");
            target.exec("CREATE TABLE vets (id INT PRIMARY KEY)", "ALTER TABLE pets ADD COLUMN vet_id INT CONSTRAINT pets_vet_fk REFERENCES vets (id)");
            Path plan = Projects.transferPlan(dir.resolve("plan.yaml"), source, target, OWNERS_AND_PETS
                    .replace("      name: name\n    references", "      name: name\n      vet_id: vet_id\n    references")
                    .replace("    references:", "    defer_constraints: true\n    references:"));
            Transfers transfers = TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE);
            assertThatThrownBy(() -> transfers.run(TransferOptions.DEFAULTS))
                    .isInstanceOf(FerryException.class).hasMessageContaining("pets_vet_fk").hasMessageContaining("--resume");
            TransferStatus status = transfers.status(null);
            assertThat(status.run().status()).isEqualTo("failed");
            assertThat(status.missingConstraints()).extracting(TransferStatus.MissingConstraint::name).containsExactly("pets_vet_fk");
            assertThat(status.restoreCommand()).isEqualTo("ferry transfer run --resume " + status.run().id());
            // The key was added unchecked and its check failed: it is in place, and not valid.
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM pg_constraint WHERE conname = 'pets_vet_fk' AND NOT convalidated"))
                    .isEqualTo(1);

            target.exec("INSERT INTO vets VALUES (7)");
            TransferResult resumed = transfers.run(TransferOptions.DEFAULTS.withResume(status.run().id()));
            assertThat(resumed.status()).isEqualTo("completed");
            assertThat(transfers.status(null).missingConstraints()).isEmpty();
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f' AND NOT convalidated")).isZero();
        }
    }

    @Test
    void aPercentageBudgetIsJudgedAgainstTheEntitysRowsNotTheRowsReadSoFar() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec("CREATE TABLE legacy_items (id INT PRIMARY KEY, name TEXT)",
                    "INSERT INTO legacy_items SELECT g, CASE WHEN g = 1 THEN NULL ELSE 'item ' || g END FROM generate_series(1, 1000) g");
            target.exec("CREATE TABLE items (id INT PRIMARY KEY, name TEXT NOT NULL)");
            Path plan = Projects.transferPlan(dir.resolve("plan.yaml"), source, target, """
                    entities:
                      items:
                        from: legacy_items
                        to: items
                        key: {column: id, strategy: keep, target: id}
                        max_rejects: 0.2%
                        columns:
                          name: name
                    """);
            TransferResult r = TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE)
                    .run(TransferOptions.DEFAULTS.withBatchSize(100));
            assertThat(r.status()).isEqualTo("completed");
            assertThat(r.entities().get(0).rowsRejected()).isEqualTo(1);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM items")).isEqualTo(999);
        }
    }
}
