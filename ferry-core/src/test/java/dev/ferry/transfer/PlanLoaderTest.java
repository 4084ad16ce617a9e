package dev.ferry.transfer;

import dev.ferry.transfer.plan.KeyUuids;
import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.testing.ClinicProject;
import dev.ferry.transfer.plan.EntityPlan;
import dev.ferry.transfer.plan.KeyStrategy;
import dev.ferry.transfer.plan.PlanLoader;
import dev.ferry.transfer.plan.TransferPlan;
import dev.ferry.transfer.transform.Transforms;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanLoaderTest {
    @TempDir
    Path dir;

    private final PlanLoader loader = new PlanLoader(Map.of(), new Transforms(getClass().getClassLoader()));

    private TransferPlan load(String yaml) {
        return loader.load(write(dir.resolve("plan.yaml"), yaml));
    }

    @Test
    void theExamplePlanOrdersParentsBeforeChildren() {
        TransferPlan plan = loader.load(ClinicProject.exampleDir().resolve("transfer.yaml"));
        assertThat(plan.entities()).extracting(EntityPlan::name).containsExactly("offices", "profiles", "doctors", "patients", "orders");
        assertThat(plan.entity("patients").orElseThrow().dependsOn()).containsExactlyInAnyOrder("doctors", "profiles", "offices");
        assertThat(plan.entity("offices").orElseThrow().keyStrategy()).isEqualTo(KeyStrategy.UUID);
    }

    @Test
    void aCycleOfReferencesLoadsInThePlansOrderForTheCheckAgainstTheTargetToBreak() {
        TransferPlan plan = load("source: jdbc:postgresql://h/a\ntarget: jdbc:postgresql://h/b\nentities:\n"
                + "  a:\n    from: ta\n    key: {column: id}\n    references:\n      b_id: {entity: b}\n"
                + "  b:\n    from: tb\n    key: {column: id}\n    references:\n      c_id: {entity: c, deferred: true}\n"
                + "  c:\n    from: tc\n    key: {column: id}\n    references:\n      a_id: {entity: a}\n");
        assertThat(plan.entities()).extracting(EntityPlan::name).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(plan.entity("b").orElseThrow().references().get(0).deferred()).isTrue();
        assertThat(plan.entity("a").orElseThrow().references().get(0).deferred()).isFalse();
    }

    @Test
    void unknownEntityAndUnknownTransformNameTheLine() {
        assertThatThrownBy(() -> load("source: jdbc:postgresql://h/a\ntarget: jdbc:postgresql://h/b\nentities:\n"
                + "  a:\n    from: ta\n    key: {column: id}\n    references:\n      x_id: {entity: nowhere}\n"))
                .hasMessageContaining("plan.yaml:4:3").hasMessageContaining("unknown entity 'nowhere'");
        assertThatThrownBy(() -> load("source: jdbc:postgresql://h/a\ntarget: jdbc:postgresql://h/b\nentities:\n"
                + "  a:\n    from: ta\n    key: {column: id}\n    columns:\n      name: {from: n, transform: [shout]}\n"))
                .hasMessageContaining("plan.yaml:8:7").hasMessageContaining("unknown transform 'shout'");
    }

    @Test
    void backupIsOffUnlessThePlanSaysTrueAndAnythingButABooleanNamesTheLine() {
        String entities = "entities:\n  a:\n    from: ta\n    key: {column: id}\n";
        assertThat(load("source: jdbc:postgresql://h/a\ntarget: jdbc:postgresql://h/b\n" + entities).backup()).isFalse();
        assertThat(load("source: jdbc:postgresql://h/a\ntarget: jdbc:postgresql://h/b\nbackup: true\n" + entities).backup()).isTrue();
        assertThatThrownBy(() -> load("source: jdbc:postgresql://h/a\ntarget: jdbc:postgresql://h/b\nbackup: [yes]\n" + entities))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining("plan.yaml:3:");
        assertThatThrownBy(() -> load("source: jdbc:postgresql://h/a\ntarget: jdbc:postgresql://h/b\nbackups: true\n" + entities))
                .hasMessageContaining("plan.yaml:3:1: unknown key 'backups'");
    }

    @Test
    void unknownKeyInThePlanIsAnInputErrorWithLineAndColumn() {
        assertThatThrownBy(() -> load("source: jdbc:postgresql://h/a\ntarget: jdbc:postgresql://h/b\nentities:\n  a:\n    form: ta\n"))
                .isInstanceOf(FerryException.class)
                .hasMessageContaining("plan.yaml:5:5: unknown key 'form'")
                .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
    }

    @Test
    void uuidKeysAreDeterministicAndDistinctPerEntity() {
        UUID a = KeyUuids.of("offices", "42");
        assertThat(KeyUuids.of("offices", "42")).isEqualTo(a);
        assertThat(KeyUuids.of("doctors", "42")).isNotEqualTo(a);
        assertThat(a.version()).isEqualTo(5);
        // Pinned: changing the namespace or the name format would give every migrated row a new key.
        assertThat(a).hasToString("70843b66-70db-529e-9403-0e280da31782");
    }
}
