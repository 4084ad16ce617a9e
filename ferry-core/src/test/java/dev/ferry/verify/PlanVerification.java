package dev.ferry.verify;

import dev.ferry.testing.TestDatabase;
import dev.ferry.transfer.plan.PlanLoader;
import dev.ferry.transfer.transform.Transforms;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Verifies a transferred target against its plan, for tests outside this package. */
public final class PlanVerification {
    private PlanVerification() {
    }

    /** The findings of verifying the whole plan at {@code level}. */
    public static List<Finding> verify(Path plan, TestDatabase source, TestDatabase target, VerifyLevel level) {
        Transforms transforms = new Transforms(PlanVerification.class.getClassLoader());
        try (ExpectedRows expected = ExpectedRows.open(new PlanLoader(Map.of(), transforms).load(plan), source.database(),
                target.database(), transforms)) {
            return new PlanVerifier(expected, target.database()).verify(level, List.of());
        }
    }
}
