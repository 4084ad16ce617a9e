package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.backup.RestoreOptions;
import dev.ferry.backup.RestoreResult;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.testing.ClinicProject;
import dev.ferry.testing.Fingerprint;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pre-run backup of a transfer's target tables, taken through {@code Ferry.transfers}, and the
 * rollback that restores it: the target returns to exactly its state before the run.
 */
class TransferBackupTest {
    @TempDir
    Path dir;

    static Stream<TestServer> targets() {
        return Stream.of(TestServer.embeddedPostgres(), TestServer.mariaDb());
    }

    private Path prepare(TestDatabase source, TestDatabase target, boolean backup) throws Exception {
        ClinicProject.fillSource(source, 0.002);
        if (target.isMariaDb()) {
            ClinicProject.createMariaDbTarget(target);
        } else {
            ClinicProject.migrateTarget(target, dir);
        }
        Path plan = ClinicProject.plan(dir, source, target);
        if (backup) {
            Files.writeString(plan, "backup: true\n" + Files.readString(plan));
        }
        return plan;
    }

    private Ferry ferry(TestDatabase target, boolean protectedTarget) {
        EnvironmentSettings s = Projects.settings(dir, target);
        return Ferry.of(new EnvironmentSettings(s.name(), s.url(), s.user(), s.password(), protectedTarget, s.connectTimeout(),
                s.locations(), s.layout(), s.schemas(), s.historyTable(), s.placeholders(), s.placeholderReplacement(), s.lockTimeout(),
                s.outOfOrder(), s.projectDir()));
    }

    private static Map<String, String> fingerprints(TestDatabase db) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : ClinicProject.targetTables()) {
            out.put(t, Fingerprint.of(db, t));
        }
        out.put("ferry_id_map", Fingerprint.of(db, "(SELECT entity, legacy_key, new_key FROM ferry_id_map) m"));
        return out;
    }

    private static Map<String, Long> counts(TestDatabase db) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String t : ClinicProject.targetTables()) {
            out.put(t, TransferEngineTest.count(db, "SELECT COUNT(*) FROM " + t));
        }
        return out;
    }

    /** Per table (without schema), the rows the archive's manifest holds, read back through a restore dry run. */
    private static Map<String, Long> archived(Ferry ferry, String archive) {
        RestoreResult preview = ferry.backups().restore(RestoreOptions.of(Path.of(archive)).withDryRun(true));
        return preview.tables().stream().collect(Collectors.toMap(t -> t.table().replaceAll("^.*\\.", ""),
                RestoreResult.TableRestore::rowsRestored));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void backupTrueArchivesTheTargetTablesAsTheyWereBeforeTheRunAndRollbackFromBackupPutsThemBack(TestServer server) throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = server.create();
             Ferry ferry = ferry(target, false)) {
            Path plan = prepare(source, target, true);
            Transfers transfers = ferry.transfers(plan, TransferListener.NONE);
            TransferResult first = transfers.run(TransferOptions.DEFAULTS.withBackup(TransferOptions.PreRunBackup.SKIP));
            assertThat(first.backupArchive()).isNull();
            Map<String, Long> countsBefore = counts(target);
            assertThat(countsBefore.values()).allSatisfy(n -> assertThat(n).isPositive());
            Map<String, String> tablesBefore = fingerprints(target);
            tablesBefore.remove("ferry_id_map");

            TransferResult second = transfers.run(TransferOptions.DEFAULTS.withFresh(true));

            assertThat(second.backupArchive()).isNotNull();
            assertThat(Path.of(second.backupArchive())).exists().hasParent(dir.resolve("backups"));
            assertThat(ferry.backups().verify(Path.of(second.backupArchive()), null).ok()).isTrue();
            assertThat(archived(ferry, second.backupArchive())).isEqualTo(countsBefore);
            assertThat(transfers.status(second.runId()).run().backupArchive()).isEqualTo(second.backupArchive());
            assertThat(transfers.status(first.runId()).run().backupArchive()).isNull();
            assertThat(transfers.report(second.runId(), "md")).contains("pre-run backup: " + second.backupArchive());
            assertThat(Files.readString(dir.resolve(".ferry/reports/" + second.runId() + "-transfer.json")))
                    .contains("\"backupArchive\"").contains(Path.of(second.backupArchive()).getFileName().toString());

            TransferRollbackResult r = transfers.rollback(second.runId(),
                    TransferRollbackOptions.DEFAULTS.withFromBackup(true).withConfirmed(true));

            assertThat(r.status()).isEqualTo(TransferRun.ROLLED_BACK);
            assertThat(r.restoredFrom()).isEqualTo(second.backupArchive());
            assertThat(r.rowsRestored()).isEqualTo(countsBefore.values().stream().mapToLong(Long::longValue).sum());
            Map<String, String> tablesAfter = fingerprints(target);
            tablesAfter.remove("ferry_id_map");
            assertThat(tablesAfter).isEqualTo(tablesBefore);
            assertThat(transfers.status(second.runId()).run().status()).isEqualTo(TransferRun.ROLLED_BACK);
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_id_map WHERE run_id = '" + second.runId() + "'")).isZero();
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_transfer_checkpoints WHERE run_id = '"
                    + second.runId() + "'")).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void rollbackFromBackupReturnsTheTargetToExactlyItsStateBeforeTheTransferAndItCanRunAgain(TestServer server) throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = server.create();
             Ferry ferry = ferry(target, false)) {
            Path plan = prepare(source, target, true);
            Transfers transfers = ferry.transfers(plan, TransferListener.NONE);
            transfers.list(); // creates nothing: the state tables come with the first run
            Map<String, String> before = new LinkedHashMap<>();
            for (String t : ClinicProject.targetTables()) {
                before.put(t, Fingerprint.of(target, t));
            }
            before.put("ferry_id_map", before.get("offices")); // as empty as the tables

            TransferResult run = transfers.run(TransferOptions.DEFAULTS.withBatchSize(100));
            Map<String, String> after = fingerprints(target);
            assertThat(run.backupArchive()).isNotNull();
            assertThat(after).isNotEqualTo(before);

            TransferRollbackResult preview = transfers.rollback(run.runId(),
                    TransferRollbackOptions.DEFAULTS.withFromBackup(true).withDryRun(true));
            assertThat(preview.dryRun()).isTrue();
            assertThat(preview.restoredFrom()).isEqualTo(run.backupArchive());
            assertThat(fingerprints(target)).isEqualTo(after);
            assertThatThrownBy(() -> transfers.rollback(run.runId(), TransferRollbackOptions.DEFAULTS.withFromBackup(true)))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY));
            assertThat(fingerprints(target)).isEqualTo(after);

            TransferRollbackResult r = transfers.rollback(run.runId(),
                    TransferRollbackOptions.DEFAULTS.withFromBackup(true).withConfirmed(true));

            assertThat(r.status()).isEqualTo(TransferRun.ROLLED_BACK);
            assertThat(fingerprints(target)).isEqualTo(before);
            assertThat(transfers.list()).singleElement().satisfies(x -> assertThat(x.status()).isEqualTo(TransferRun.ROLLED_BACK));
            assertThat(TransferEngineTest.count(target, "SELECT COUNT(*) FROM ferry_rejects")).isZero();

            TransferResult again = transfers.run(TransferOptions.DEFAULTS);
            assertThat(again.status()).isEqualTo(TransferRun.COMPLETED);
            assertThat(again.resumed()).isFalse();
            assertThat(fingerprints(target)).isEqualTo(after);
        }
    }

    @Test
    void aProtectedTargetIsBackedUpWithoutThePlanAskingAndCannotSkipIt() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create();
             Ferry ferry = ferry(target, true)) {
            Path plan = prepare(source, target, false);
            Map<String, String> before = new LinkedHashMap<>();
            for (String t : ClinicProject.targetTables()) {
                before.put(t, Fingerprint.of(target, t));
            }
            before.put("ferry_id_map", before.get("offices")); // as empty as the tables
            Transfers transfers = ferry.transfers(plan, TransferListener.NONE);

            assertThatThrownBy(() -> transfers.run(TransferOptions.DEFAULTS.withBackup(TransferOptions.PreRunBackup.SKIP)))
                    .isInstanceOfSatisfying(FerryException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY);
                        assertThat(e.getMessage()).contains("protected").contains("--no-backup");
                    });
            assertThat(transfers.list()).isEmpty();

            TransferResult run = transfers.run(TransferOptions.DEFAULTS);
            assertThat(run.backupArchive()).isNotNull();
            assertThat(archived(ferry, run.backupArchive())).containsOnlyKeys(ClinicProject.targetTables())
                    .allSatisfy((table, rows) -> assertThat(rows).isZero());

            assertThatThrownBy(() -> transfers.rollback(run.runId(), TransferRollbackOptions.DEFAULTS.withFromBackup(true)))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY));
            transfers.rollback(run.runId(), TransferRollbackOptions.DEFAULTS.withFromBackup(true).withConfirmed(true));
            assertThat(fingerprints(target)).isEqualTo(before);
        }
    }

    @Test
    void aRunWithoutABackupRefusesFromBackupAndNamesThePlainRollback() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create();
             Ferry ferry = ferry(target, false)) {
            Path plan = prepare(source, target, false);
            Transfers transfers = ferry.transfers(plan, TransferListener.NONE);
            TransferResult run = transfers.run(TransferOptions.DEFAULTS);
            assertThat(run.backupArchive()).isNull();
            assertThat(dir.resolve("backups")).doesNotExist();
            Map<String, String> after = fingerprints(target);

            for (boolean confirmed : List.of(false, true)) {
                assertThatThrownBy(() -> transfers.rollback(run.runId(),
                        TransferRollbackOptions.DEFAULTS.withFromBackup(true).withConfirmed(confirmed)))
                        .isInstanceOfSatisfying(FerryException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                            assertThat(e.getMessage()).contains("no pre-run backup").contains("ferry transfer rollback " + run.runId());
                        });
            }
            assertThatThrownBy(() -> TransferRollbackOptions.DEFAULTS.withPreserveData(true).withFromBackup(true))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
            assertThat(fingerprints(target)).isEqualTo(after);
            assertThat(transfers.status(run.runId()).run().status()).isEqualTo(TransferRun.COMPLETED);
        }
    }

    @Test
    void aFailedBackupKeepsTheRunFromStarting() throws Exception {
        try (TestDatabase source = TestServer.embeddedPostgres().create(); TestDatabase target = TestServer.embeddedPostgres().create();
             Ferry ferry = ferry(target, false)) {
            Path plan = prepare(source, target, true);
            Files.writeString(dir.resolve("backups"), "a file where the archive directory should be");
            Map<String, String> before = new LinkedHashMap<>();
            for (String t : ClinicProject.targetTables()) {
                before.put(t, Fingerprint.of(target, t));
            }
            Transfers transfers = ferry.transfers(plan, TransferListener.NONE);

            assertThatThrownBy(() -> transfers.run(TransferOptions.DEFAULTS))
                    .isInstanceOf(FerryException.class)
                    .hasMessageContaining("did not start").hasMessageContaining("backups").hasMessageContaining("--no-backup");

            assertThat(transfers.list()).isEmpty();
            for (String t : ClinicProject.targetTables()) {
                assertThat(Fingerprint.of(target, t)).isEqualTo(before.get(t));
            }
            assertThat(transfers.run(TransferOptions.DEFAULTS.withBackup(TransferOptions.PreRunBackup.SKIP)).status())
                    .isEqualTo(TransferRun.COMPLETED);
        }
    }
}
