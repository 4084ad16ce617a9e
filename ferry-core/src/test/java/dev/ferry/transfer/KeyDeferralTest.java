package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.FerryException;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code defer_constraints} sets a PostgreSQL target's primary key aside during the load only where
 * no row can collide with another, and puts it back before anything needs it.
 */
class KeyDeferralTest {
    @TempDir
    Path dir;

    private static final String PLAN = """
            entities:
              owners:
                from: legacy_owners
                to: owners
                key: {column: id}
                defer_constraints: true
                columns:
                  name: name
              pets:
                from: legacy_pets
                to: pets
                key: {column: id}
                defer_constraints: true
                columns:
                  name: name
                references:
                  owner_id: {entity: owners}
            """;

    private static void ownersAndPets(TestDatabase source, TestDatabase target) throws Exception {
        source.exec("CREATE TABLE legacy_owners (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)",
                "CREATE TABLE legacy_pets (id INT PRIMARY KEY, owner_id INT REFERENCES legacy_owners (id), name VARCHAR(40))",
                "INSERT INTO legacy_owners SELECT g, 'owner ' || g FROM generate_series(1, 300) g",
                "INSERT INTO legacy_pets SELECT g, 1 + g % 300, 'pet ' || g FROM generate_series(1, 2000) g");
        target.exec("CREATE TABLE owners (id UUID PRIMARY KEY, name VARCHAR(40) NOT NULL)",
                "CREATE TABLE pets (id UUID CONSTRAINT pets_pk PRIMARY KEY, owner_id UUID REFERENCES owners (id), name VARCHAR(40))",
                "CREATE INDEX pets_owner ON pets (owner_id)");
    }

    static Stream<TestServer> postgres() {
        return TestServer.all().filter(s -> s.kind() == TestServer.Kind.POSTGRES);
    }

    /** The entity each "kind name" was dropped for, from the run's events. */
    private static Map<String, List<String>> deferred(List<TransferEvent> events) {
        Map<String, List<String>> out = new ConcurrentHashMap<>();
        for (TransferEvent e : events) {
            if (e instanceof TransferEvent.ConstraintsDeferred d) {
                out.put(d.entity(), d.dropped());
            }
        }
        return out;
    }

    private static long constraints(TestDatabase db, String table, String type) throws Exception {
        return TransferEngineTest.count(db, "SELECT COUNT(*) FROM pg_constraint WHERE conrelid = '" + table + "'::regclass AND contype = '" + type + "'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postgres")
    void keysOfUniqueSourceKeysAreSetAsideAndBackBeforeTheChildrenStart(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase target = server.create()) {
            ownersAndPets(source, target);
            Path plan = Projects.transferPlan(dir.resolve("plan.yaml"), source, target, PLAN);
            List<TransferEvent> events = new CopyOnWriteArrayList<>();
            long[] ownerKeysWhenPetsStarted = {-1};
            TransferListener listener = e -> {
                events.add(e);
                if (e instanceof TransferEvent.EntityStarted s && s.entity().equals("pets")) {
                    try {
                        ownerKeysWhenPetsStarted[0] = constraints(target, "owners", "p");
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                }
            };
            TransferResult r = TransferEngineTest.transfers(plan, source, target, dir, listener).run(TransferOptions.DEFAULTS.withBatchSize(250));

            assertThat(r.status()).isEqualTo("completed");
            Map<String, List<String>> dropped = deferred(events);
            assertThat(dropped.get("owners")).containsExactly("primary_key owners_pkey");
            assertThat(dropped.get("pets")).containsExactlyInAnyOrder("foreign_key pets_owner_id_fkey", "index pets_owner", "primary_key pets_pk");
            assertThat(dropped.get(ConstraintDeferral.ID_MAP_ENTRY)).containsExactly("primary_key ferry_id_map_pkey");
            assertThat(ownerKeysWhenPetsStarted[0]).isEqualTo(1);
            assertThat(constraints(target, "owners", "p")).isEqualTo(1);
            assertThat(constraints(target, "pets", "p")).isEqualTo(1);
            assertThat(constraints(target, "pets", "f")).isEqualTo(1);
            assertThat(constraints(target, "ferry_id_map", "p")).isEqualTo(1);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'pets_owner'")).isEqualTo(1);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM pets p JOIN owners o ON o.id = p.owner_id")).isEqualTo(2000);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_id_map")).isEqualTo(2300);
            assertThat(TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE).status(null).missingConstraints()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postgres")
    void foreignKeysComeBackCheckedExceptOneTheTargetHeldUnchecked(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase target = server.create()) {
            ownersAndPets(source, target);
            target.exec("CREATE TABLE vets (id INT PRIMARY KEY)", "ALTER TABLE pets ADD COLUMN vet_id INT",
                    "ALTER TABLE pets ADD CONSTRAINT pets_vet_fk FOREIGN KEY (vet_id) REFERENCES vets (id) NOT VALID");
            Path plan = Projects.transferPlan(dir.resolve("plan.yaml"), source, target, PLAN);
            List<TransferEvent> events = new CopyOnWriteArrayList<>();

            TransferResult r = TransferEngineTest.transfers(plan, source, target, dir, events::add).run(TransferOptions.DEFAULTS.withBatchSize(250));

            assertThat(r.status()).isEqualTo("completed");
            assertThat(deferred(events).get("pets")).contains("foreign_key pets_owner_id_fkey", "foreign_key pets_vet_fk");
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM pg_constraint WHERE conname = 'pets_owner_id_fkey' AND convalidated"))
                    .isEqualTo(1);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM pg_constraint WHERE conname = 'pets_vet_fk' AND NOT convalidated"))
                    .isEqualTo(1);
            assertThat(TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE).status(null).missingConstraints()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postgres")
    void aSourceKeyNoIndexMakesUniqueKeepsTheTargetKeySoDuplicatesAreStillRejectedRowByRow(TestServer server) throws Exception {
        try (TestDatabase source = server.create(); TestDatabase target = server.create()) {
            source.exec("CREATE TABLE legacy_tags (id INT NOT NULL, label VARCHAR(20))",
                    "INSERT INTO legacy_tags SELECT 1 + g / 2, 'tag ' || g FROM generate_series(0, 39) g");
            target.exec("CREATE TABLE tags (id UUID PRIMARY KEY, label VARCHAR(20))", "CREATE INDEX tags_label ON tags (label)");
            Path plan = Projects.transferPlan(dir.resolve("plan.yaml"), source, target, """
                    entities:
                      tags:
                        from: legacy_tags
                        to: tags
                        key: {column: id}
                        defer_constraints: true
                        max_rejects: 20
                        columns:
                          label: label
                    """);
            List<TransferEvent> events = new CopyOnWriteArrayList<>();
            TransferResult r = TransferEngineTest.transfers(plan, source, target, dir, events::add).run(TransferOptions.DEFAULTS.withBatchSize(8));

            assertThat(deferred(events).get("tags")).containsExactly("index tags_label");
            assertThat(deferred(events)).doesNotContainKey(ConstraintDeferral.ID_MAP_ENTRY);
            assertThat(r.entities().get(0).rowsWritten()).isEqualTo(20);
            assertThat(r.entities().get(0).rowsRejected()).isEqualTo(20);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_rejects WHERE error LIKE 'duplicate key%'")).isEqualTo(20);
        }
    }

    @Test
    void aKeyATableOutsideThePlanReferencesStaysInPlace() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            ownersAndPets(source, target);
            target.exec("CREATE TABLE visits (id INT PRIMARY KEY, owner_id UUID REFERENCES owners (id))");
            Path plan = Projects.transferPlan(dir.resolve("plan.yaml"), source, target, PLAN);
            List<TransferEvent> events = new CopyOnWriteArrayList<>();
            TransferResult r = TransferEngineTest.transfers(plan, source, target, dir, events::add).run(TransferOptions.DEFAULTS);

            assertThat(r.status()).isEqualTo("completed");
            assertThat(deferred(events).getOrDefault("owners", List.of())).isEmpty();
            assertThat(deferred(events).get("pets")).contains("primary_key pets_pk");
        }
    }

    @Test
    void withoutDeferConstraintsNoKeyIsSetAsideNotEvenTheIdMaps() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            ownersAndPets(source, target);
            Path plan = Projects.transferPlan(dir.resolve("plan.yaml"), source, target, PLAN.replace("    defer_constraints: true\n", ""));
            List<TransferEvent> events = new CopyOnWriteArrayList<>();
            TransferResult r = TransferEngineTest.transfers(plan, source, target, dir, events::add).run(TransferOptions.DEFAULTS);

            assertThat(r.status()).isEqualTo("completed");
            assertThat(events).noneMatch(e -> e instanceof TransferEvent.ConstraintsDeferred);
        }
    }

    @Test
    void aFreshRunFirstPutsBackWhatAnAbandonedRunLeftSetAside() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            ownersAndPets(source, target);
            source.exec("ALTER TABLE legacy_pets ADD COLUMN vet_id INT", "UPDATE legacy_pets SET vet_id = 7 WHERE id = 4");
            target.exec("CREATE TABLE vets (id INT PRIMARY KEY)", "ALTER TABLE pets ADD COLUMN vet_id INT CONSTRAINT pets_vet_fk REFERENCES vets (id)");
            Path plan = Projects.transferPlan(dir.resolve("plan.yaml"), source, target,
                    PLAN.replace("      name: name\n    references", "      name: name\n      vet_id: vet_id\n    references"));
            Transfers transfers = TransferEngineTest.transfers(plan, source, target, dir, TransferListener.NONE);
            assertThatThrownBy(() -> transfers.run(TransferOptions.DEFAULTS)).isInstanceOf(FerryException.class).hasMessageContaining("pets_vet_fk");
            assertThat(transfers.status(null).missingConstraints()).extracting(TransferStatus.MissingConstraint::name).containsExactly("pets_vet_fk");

            target.exec("INSERT INTO vets VALUES (7)");
            TransferResult fresh = transfers.run(TransferOptions.DEFAULTS.withFresh(true));

            assertThat(fresh.status()).isEqualTo("completed");
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM pg_constraint WHERE conname = 'pets_vet_fk'")).isEqualTo(1);
            assertThat(constraints(target, "pets", "f")).isEqualTo(2);
            assertThat(constraints(target, "pets", "p")).isEqualTo(1);
        }
    }
}
