package dev.ferry.rekey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.examples.ClinicData;
import dev.ferry.testing.Projects;
import dev.ferry.testing.RekeyClinic;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Expand first takes the snapshot (or backup) the plan asks for, once, and says so in its result and in status. */
class RekeyBeforeExpandTest {
    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return RekeyClinic.postgres();
    }

    private Path plan(String beforeExpand) throws Exception {
        Path file = dir.resolve("rekey.yaml");
        Files.writeString(file, RekeyClinic.PLAN.replace("  before_expand: none\n", beforeExpand == null ? "" : "  before_expand: " + beforeExpand + "\n"));
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void expandTakesASnapshotOfEveryPlannedTableByDefaultAndOnlyOnce(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            ClinicData.create(db.database(), 0.0005);
            Rekeys rekeys = new Rekeys(new RekeyPlanLoader(Map.of()).load(plan(null)), db::database, dir.resolve(".ferry"));
            assertThat(rekeys.plan().beforeExpand()).isEqualTo(BeforeExpand.SNAPSHOT);
            long orders = RekeyClinic.count(db, "SELECT count(*) FROM dispatch_order");

            ExpandResult first = rekeys.expand(ExpandOptions.DEFAULTS);

            assertThat(first.beforeExpand()).startsWith("snapshot ");
            String id = first.beforeExpand().substring("snapshot ".length());
            assertThat(RekeyClinic.text(db, "SELECT string_agg(source_table, ',' ORDER BY source_table) FROM ferry_snapshots WHERE snapshot_id = '" + id + "'"))
                    .isEqualTo("auth_user,dispatch_doctor,dispatch_office,dispatch_order,dispatch_patient");
            String copy = RekeyClinic.text(db, "SELECT copy_table FROM ferry_snapshots WHERE source_table = 'dispatch_order'");
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM " + copy)).isEqualTo(orders);
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.columns WHERE table_name = '" + copy + "' AND column_name = 'id_uuid'"))
                    .as("taken before the UUID columns were added").isZero();
            assertThat(rekeys.status().beforeExpand()).isEqualTo(first.beforeExpand());

            ExpandResult again = rekeys.expand(ExpandOptions.DEFAULTS);

            assertThat(again.beforeExpand()).isEqualTo(first.beforeExpand());
            assertThat(RekeyClinic.count(db, "SELECT count(DISTINCT snapshot_id) FROM ferry_snapshots")).isEqualTo(1);
            assertThat(rekeys.expand(new ExpandOptions(null, null, true)).statements()).anyMatch(s -> s.startsWith("-- before expand: a snapshot of"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aPlanMayAskForABackupOrForNothing(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(dir, db))) {
            ClinicData.create(db.database(), 0.0005);
            plan("backup");
            ExpandResult backedUp = ferry.rekeys(dir.resolve("rekey.yaml")).expand(ExpandOptions.DEFAULTS);

            assertThat(backedUp.beforeExpand()).startsWith("backup ");
            assertThat(ferry.backups().archives()).singleElement()
                    .satisfies(a -> assertThat(backedUp.beforeExpand()).isEqualTo("backup " + a.path()));
            ferry.rekeys(dir.resolve("rekey.yaml")).abort(false);

            plan("none");
            ExpandResult none = ferry.rekeys(dir.resolve("rekey.yaml")).expand(ExpandOptions.DEFAULTS);
            assertThat(none.beforeExpand()).isNull();
            assertThat(ferry.backups().archives()).hasSize(1);
            assertThat(RekeyClinic.count(db, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'ferry_snapshots'")).isZero();

            Files.writeString(dir.resolve("rekey.yaml"), RekeyClinic.PLAN.replace("before_expand: none", "before_expand: photo"));
            assertThatThrownBy(() -> ferry.rekeys(dir.resolve("rekey.yaml")))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("rekey.yaml:10").hasMessageContaining("before_expand is snapshot, backup or none, not 'photo'");
        }
    }
}
