package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.testing.PeopleAndPets;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --entities adds the parents the target lacks, --only refuses them, and --group names a set of entities. */
class EntitySelectionTest {
    @TempDir
    Path dir;

    private Transfers transfers(Path plan, TestDatabase source, TestDatabase target) {
        return TransferEngineTest.transfers(plan, source, target, dir.resolve(".ferry"), TransferListener.NONE);
    }

    @Test
    void selectedChildrenBringTheirParentsWhoseTargetIsEmptyAndSaySo() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            PeopleAndPets.create(source, target);
            PeopleAndPets.fixSource(source);
            Path plan = PeopleAndPets.plan(dir, source, target);
            TransferResult r = transfers(plan, source, target).run(TransferOptions.DEFAULTS.withEntities(List.of("pets")));
            assertThat(r.entities()).extracting(EntityReport::entity).containsExactly("people", "pets");
            assertThat(r.notes()).anyMatch(n -> n.startsWith("Added people to the run: pets depends on people"));
            assertThat(r.entities()).allMatch(e -> e.rowsRejected() == 0);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM pets")).isEqualTo(60);
        }
    }

    @Test
    void onlyRefusesNamingTheMissingParentsAndWritesNothing() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            PeopleAndPets.create(source, target);
            PeopleAndPets.fixSource(source);
            Path plan = PeopleAndPets.plan(dir, source, target);
            assertThatThrownBy(() -> transfers(plan, source, target).run(TransferOptions.DEFAULTS.withEntities(List.of("pets")).withOnly(true)))
                    .isInstanceOf(FerryException.class)
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("pets depends on people").hasMessageContaining("holds no rows");
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM pets")).isZero();

            transfers(plan, source, target).run(TransferOptions.DEFAULTS.withEntities(List.of("people")).withOnly(true));
            TransferResult pets = transfers(plan, source, target).run(TransferOptions.DEFAULTS.withEntities(List.of("pets")).withOnly(true));
            assertThat(pets.entities()).extracting(EntityReport::entity).containsExactly("pets");
            assertThat(pets.notes()).noneMatch(n -> n.startsWith("Added"));
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM pets")).isEqualTo(60);
        }
    }

    @Test
    void aGroupOfThePlanRunsItsEntitiesAndAnUnknownGroupIsInvalidInput() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            PeopleAndPets.create(source, target);
            PeopleAndPets.fixSource(source);
            Path plan = PeopleAndPets.plan(dir, source, target);
            Files.writeString(plan, Files.readString(plan) + "groups:\n  owners: [people]\n");
            assertThatThrownBy(() -> transfers(plan, source, target).run(TransferOptions.DEFAULTS.withGroup("core")))
                    .isInstanceOf(FerryException.class)
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("no group 'core'").hasMessageContaining("owners");
            TransferResult r = transfers(plan, source, target).run(TransferOptions.DEFAULTS.withGroup("owners"));
            assertThat(r.entities()).extracting(EntityReport::entity).containsExactly("people");
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM people")).isEqualTo(30);
        }
    }

    @Test
    void aGroupNamingAnUnknownEntityIsRefusedWithItsLine() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            Path plan = PeopleAndPets.plan(dir, source, target);
            Files.writeString(plan, Files.readString(plan) + "groups:\n  core: [people, owners]\n");
            assertThatThrownBy(() -> transfers(plan, source, target)).isInstanceOf(FerryException.class)
                    .hasMessageContaining("plan.yaml:").hasMessageContaining("unknown entity 'owners'");
        }
    }
}
