package dev.ferry.verify;

import dev.ferry.db.Database;
import dev.ferry.testing.TestDatabase;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.TransferOptions;
import dev.ferry.transfer.TransferResult;
import dev.ferry.transfer.Transfers;
import dev.ferry.transfer.plan.PlanLoader;
import dev.ferry.transfer.transform.Transforms;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs a plan file from a test's source into its target, and verifies it, with the project state under {@code dir}. */
final class PlanRuns {
    private PlanRuns() {
    }

    static TransferResult transfer(Path plan, TestDatabase source, TestDatabase target, Path dir, Transforms transforms) {
        Database s = source.database();
        Database t = target.database();
        return new Transfers(new PlanLoader(Map.of(), transforms).load(plan), spec -> spec.url().equals(source.url()) ? s : t, transforms,
                dir.resolve(".ferry"), TransferListener.NONE).run(TransferOptions.DEFAULTS);
    }

    static List<Finding> verify(Path plan, TestDatabase source, TestDatabase target, VerifyLevel level, Path dir, Transforms transforms) {
        try (ExpectedRows expected = ExpectedRows.open(new PlanLoader(Map.of(), transforms).load(plan), source.database(),
                target.database(), transforms)) {
            return new PlanVerifier(expected, target.database(), dir.resolve("diff.csv")).verify(level, List.of());
        }
    }
}
