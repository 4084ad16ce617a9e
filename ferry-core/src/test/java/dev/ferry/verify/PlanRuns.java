package dev.ferry.verify;

import dev.ferry.db.Database;
import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.TestDatabase;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.TransferOptions;
import dev.ferry.transfer.TransferResult;
import dev.ferry.transfer.Transfers;
import dev.ferry.transfer.plan.PlanLoader;
import dev.ferry.transfer.transform.Transforms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs a plan file's transfer and verification between two test databases, with project state under {@code dir}. */
final class PlanRuns {
    private final Path dir;
    private final Transforms transforms = new Transforms(PlanRuns.class.getClassLoader());

    PlanRuns(Path dir) {
        this.dir = dir;
    }

    /** A plan with one entity {@code items}, from {@code legacy_item} to {@code items}, keyed by {@code id} as {@code key} says. */
    Path plan(TestDatabase source, TestDatabase target, String key, String columns) throws IOException {
        Path file = dir.resolve("transfer.yaml");
        Files.writeString(file, "source: " + ClinicProject.connection(source) + "\ntarget: " + ClinicProject.connection(target) + "\n"
                + "entities:\n  items:\n    from: legacy_item\n    to: items\n    key: " + key + "\n    columns:\n      " + columns);
        return file;
    }

    /** Fills the legacy clinic, migrates the target, transfers with the example plan, and returns the plan. */
    Path transferredClinic(TestDatabase source, TestDatabase target) {
        ClinicProject.fillSource(source, 0.002);
        ClinicProject.migrateTarget(target, dir);
        Path plan = ClinicProject.plan(dir, source, target);
        transfer(plan, source, target);
        return plan;
    }

    TransferResult transfer(Path plan, TestDatabase source, TestDatabase target) {
        return transfer(plan, source, target, TransferOptions.DEFAULTS);
    }

    TransferResult transfer(Path plan, TestDatabase source, TestDatabase target, TransferOptions options) {
        return transfers(plan, source, target).run(options);
    }

    Transfers transfers(Path plan, TestDatabase source, TestDatabase target) {
        Database s = source.database();
        Database t = target.database();
        return new Transfers(new PlanLoader(Map.of(), transforms).load(plan), spec -> spec.url().equals(source.url()) ? s : t, transforms,
                dir.resolve(".ferry"), TransferListener.NONE);
    }

    /** The findings at {@code level}; differences go to {@code diff.csv} in {@code dir}. */
    List<Finding> verify(Path plan, TestDatabase source, TestDatabase target, VerifyLevel level) {
        try (ExpectedRows expected = ExpectedRows.open(new PlanLoader(Map.of(), transforms).load(plan), source.database(),
                target.database(), transforms)) {
            return new PlanVerifier(expected, target.database(), dir.resolve("diff.csv")).verify(level, List.of());
        }
    }
}
