package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Projects;
import dev.ferry.testing.StoresCycle;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.TransferOptions;
import dev.ferry.transfer.Transfers;
import dev.ferry.transfer.plan.PlanLoader;
import dev.ferry.transfer.transform.Transforms;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A column filled by a second pass is verified like any other: clean after the transfer, and a wrong value found by key. */
class DeferredReferenceVerificationTest {
    @TempDir
    Path dir;

    private final Transforms transforms = new Transforms(getClass().getClassLoader());

    private List<Finding> verify(Path plan, TestDatabase source, TestDatabase target) {
        try (ExpectedRows expected = ExpectedRows.open(new PlanLoader(Map.of(), transforms).load(plan), source.database(),
                target.database(), transforms)) {
            return new PlanVerifier(expected, target.database()).verify(VerifyLevel.RIGOROUS, List.of());
        }
    }

    @Test
    void aManagerFilledInTheSecondPassVerifiesCleanAndAWrongManagerIsFoundByItsStore() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec(StoresCycle.SOURCE);
            target.exec(StoresCycle.TARGET);
            Path plan = Projects.transferPlan(dir.resolve("stores.yaml"), source, target, StoresCycle.PLAN);
            new Transfers(new PlanLoader(Map.of(), transforms).load(plan), spec -> spec.url().equals(source.url()) ? source.database()
                    : target.database(), transforms, dir.resolve(".ferry"), TransferListener.NONE).run(TransferOptions.DEFAULTS);

            List<Finding> clean = verify(plan, source, target);
            assertThat(clean).allMatch(f -> f.status() == CheckStatus.PASSED, "all passed: " + clean);
            assertThat(clean).extracting(Finding::subject).contains("store", "staff").doesNotContain("store.manager_staff_id");

            target.exec("UPDATE store SET manager_staff_id = (SELECT new_key FROM ferry_id_map WHERE entity = 'staff' AND legacy_key = '30')::uuid "
                    + "WHERE id::text = (SELECT new_key FROM ferry_id_map WHERE entity = 'store' AND legacy_key = '4')");
            List<Finding> corrupted = verify(plan, source, target);
            Finding content = corrupted.stream().filter(f -> f.check().equals("content") && f.subject().equals("store")).findFirst().orElseThrow();
            assertThat(content.status()).isEqualTo(CheckStatus.FAILED);
            assertThat(content.sample()).singleElement().satisfies(x -> assertThat(x).startsWith("changed: legacy key 4 ").contains("manager_staff_id"));
        }
    }
}
