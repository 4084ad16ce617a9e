package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Projects;
import dev.ferry.testing.StoresCycle;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real CLI: 'transfer plan' shows why each entity waits and the second passes; a cycle it cannot break exits 2. */
class TransferPlanCliIT {
    @TempDir
    Path project;

    @Test
    void planShowsTheSecondPassThatBreaksACycleAndACycleOfNotNullColumnsExitsTwo() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create()) {
            source.exec(StoresCycle.SOURCE);
            target.exec(StoresCycle.TARGET);
            write(project.resolve("ferry.yaml"), "environments:\n  development:\n    url: " + target.url() + "\n    user: " + target.user() + "\n");
            Projects.transferPlan(project.resolve("transfer.yaml"), source, target, StoresCycle.PLAN);

            CliProcess.Result plan = ferry("transfer", "plan");
            assertThat(plan.exitCode()).as(plan.all()).isZero();
            assertThat(plan.stdout()).contains("staff after store (store_id, plan reference)")
                    .contains("then: store.manager_staff_id filled after staff (breaks the cycle store -> staff -> store; 10 rows)");

            target.exec("ALTER TABLE store ALTER COLUMN manager_staff_id SET NOT NULL");
            CliProcess.Result refused = ferry("transfer", "plan");
            assertThat(refused.exitCode()).as(refused.all()).isEqualTo(2);
            assertThat(refused.all()).contains("cycle: store -> staff -> store").contains("public.store.manager_staff_id is NOT NULL")
                    .doesNotContain("\tat ");
            CliProcess.Result run = ferry("transfer", "run");
            assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        }
    }

    private CliProcess.Result ferry(String... args) throws Exception {
        return CliProcess.run(project, Map.of(), args);
    }
}
