package dev.ferry.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.doctor.DoctorOptions;
import dev.ferry.doctor.DoctorReport;
import dev.ferry.testing.RewritingTriggers;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Recovery writes the snapshotted rows exactly, even on a table whose own triggers rewrite what is written. */
class RecoveryTriggersTest {
    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void recoveryOnATableWithARewritingTriggerPutsBackTheSnapshottedRowsOrIsRefusedOnMariaDb(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = ProtectionTest.project(dir, db, false)) {
            ProtectionTest.createPlanTypes(db);
            RewritingTriggers.create(db, "plan_types", "name");
            ferry.protection().install();
            ferry.protection().snapshot(Path.of("snapshots/plan-types.jsonl"), null);
            Instant taken = ferry.protection().snapshots().get(0).takenAt();
            List<String> before = ProtectionTest.planTypes(db);
            ProtectionTest.exec(db, "DELETE FROM plan_types WHERE code = 'matrix'");
            ProtectionTest.exec(db, "UPDATE plan_types SET rules = '" + ProtectionTest.UNILEVEL.replace("[\"child\"]", "[\"left\"]")
                    + "' WHERE code = 'unilevel'");
            List<String> damaged = ProtectionTest.planTypes(db);

            if (db.isMariaDb()) {
                assertThatThrownBy(() -> ferry.protection().recover())
                        .isInstanceOf(FerryException.class)
                        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY))
                        .hasMessageContaining("plan_types_ins, plan_types_upd");
                assertThat(ProtectionTest.planTypes(db)).isEqualTo(damaged);
                return;
            }
            assertThat(ferry.protection().changesSince(taken)).as("the test's own delete and update").isEqualTo(2);
            DoctorReport recovered = ferry.doctor(new DoctorOptions(true));

            assertThat(recovered.recovery().restored()).hasSize(2);
            assertThat(ProtectionTest.planTypes(db)).isEqualTo(before);
            assertThat(ferry.protection().changesSince(taken)).as("the recovery put both rows back as snapshotted: no change since").isZero();
        }
    }
}
