package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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
}
