package dev.ferry.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.config.RetentionKind;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Retention over a generated history with known times: backups named days ago (one of them
 * damaged), table snapshots, protected snapshots, audit entries, run logs and transfer runs.
 * Exactly what the rules and the pins keep stays; a dry run touches nothing.
 */
class RetentionTest {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RUN = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    /** Noon (plus {@code minutes}) of the day {@code days} ago, UTC: in the past, and on the day intended whatever the time now. */
    private static Instant daysAgo(int days, int minutes) {
        return LocalDate.now(ZoneOffset.UTC).minusDays(days).atTime(12, minutes).toInstant(ZoneOffset.UTC);
    }

    private Ferry project(TestDatabase db, String retention) throws IOException {
        Projects.write(dir.resolve("ferry.yaml"), """
                protected_data:
                  tables:
                    settings:
                      key: [name]
                retention:
                """ + retention.indent(2));
        EnvironmentSettings s = Projects.settings(dir, db);
        return Ferry.of(s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void pruneKeepsExactlyWhatTheRulesAndTheRunsThatNeedThingsKeep(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            db.exec("CREATE TABLE settings (name VARCHAR(50) PRIMARY KEY, val VARCHAR(50))",
                    "INSERT INTO settings VALUES ('a', '1'), ('b', '2')");
            try (Ferry ferry = project(db, """
                    backups: {keep_daily: 3}
                    snapshots: {keep_last: 1}
                    protected_snapshots: {max_age: 10d}
                    runs: {max_age: 10d}
                    transfer_state: {max_age: 30d}
                    audit: {max_age: 90d}
                    """)) {
                Path backups = dir.resolve("backups");
                Path valid = ferry.backups().backup(dev.ferry.backup.BackupOptions.DEFAULTS).archive();
                Path d1Damaged = archive(backups, daysAgo(1, 30), "");
                Files.writeString(d1Damaged, "not an archive");
                Path d1 = Files.move(valid, archive(backups, daysAgo(1, 0), ""), StandardCopyOption.REPLACE_EXISTING);
                Path d2Late = copy(d1, archive(backups, daysAgo(2, 30), ""));
                Path d2Early = copy(d1, archive(backups, daysAgo(2, 0), ""));
                Path d3 = copy(d1, archive(backups, daysAgo(3, 0), ""));
                Path d5 = copy(d1, archive(backups, daysAgo(5, 0), ""));
                Path d40 = copy(d1, archive(backups, daysAgo(40, 0), ""));
                Path d50PreRun = copy(d1, archive(backups, daysAgo(50, 0), "_tables"));

                String oldSnapshot = ferry.snapshots().create(List.of("settings")).snapshotId();
                String newSnapshot = ferry.snapshots().create(List.of("settings")).snapshotId();
                setTime(db, "UPDATE ferry_snapshots SET created_at = ? WHERE snapshot_id = ?", daysAgo(9, 0), oldSnapshot);
                setTime(db, "UPDATE ferry_snapshots SET created_at = ? WHERE snapshot_id = ?", daysAgo(8, 0), newSnapshot);

                ferry.protection().install();
                db.exec("UPDATE settings SET val = 'x' WHERE name = 'a'", "UPDATE settings SET val = 'y' WHERE name = 'b'");
                setTime(db, "UPDATE ferry_audit SET changed_at = ?", daysAgo(100, 0), null);
                db.exec("UPDATE settings SET val = 'z' WHERE name = 'a'");
                for (int i = 0; i < 3; i++) {
                    ferry.protection().snapshot(null, 100);
                }
                setTime(db, "UPDATE ferry_protected_snapshots SET taken_at = ? WHERE version = 1", daysAgo(30, 0), null);
                setTime(db, "UPDATE ferry_protected_snapshots SET taken_at = ? WHERE version = 2", daysAgo(20, 0), null);
                setTime(db, "UPDATE ferry_protected_snapshots SET taken_at = ? WHERE version = 3", daysAgo(15, 0), null);

                String failedRun = runId(daysAgo(60, 0), "00a1");
                String oldDone = runId(daysAgo(41, 0), "00b2");
                String recentDone = runId(daysAgo(6, 0), "00c3");
                transferRuns(db, failedRun, d50PreRun, oldDone, recentDone);

                String recentLog = log(runId(daysAgo(1, 0), "0001"), true);
                String oldLog = log(runId(daysAgo(20, 0), "0002"), true);
                String stillGoing = log(runId(daysAgo(20, 5), "0003"), false);
                String failedRunLog = log(failedRun, true);

                List<Path> filesBefore = files();
                RetentionResult preview = ferry.retention().prune(PruneOptions.DRY_RUN);
                assertThat(files()).as("a dry run deletes nothing and writes no run").isEqualTo(filesBefore);
                assertThat(count(db, "SELECT COUNT(*) FROM ferry_audit")).isEqualTo(3);
                assertThat(count(db, "SELECT COUNT(*) FROM ferry_protected_snapshots")).isEqualTo(3);
                assertThat(count(db, "SELECT COUNT(*) FROM ferry_transfer_runs")).isEqualTo(3);
                assertThat(preview.runId()).isNull();

                RetentionResult r = ferry.retention().prune(PruneOptions.CONFIRMED);
                assertThat(r.runId()).isNotNull();
                for (RetentionKind kind : RetentionKind.values()) {
                    assertThat(r.kind(kind).deleted()).as("the dry run said the same of " + kind)
                            .extracting(RetentionResult.Entry::name, RetentionResult.Entry::count, RetentionResult.Entry::reason)
                            .isEqualTo(preview.kind(kind).deleted().stream().map(e -> org.assertj.core.groups.Tuple.tuple(e.name(), e.count(),
                                    e.reason())).toList());
                }

                assertThat(names(r, RetentionKind.BACKUPS, true)).containsExactlyInAnyOrder(name(d2Early), name(d5), name(d40));
                assertThat(Files.list(backups).map(this::name).toList()).containsExactlyInAnyOrder(
                        name(d1Damaged), name(d1), name(d2Late), name(d3), name(d50PreRun));
                assertThat(reason(r, RetentionKind.BACKUPS, d1)).contains("newest valid backup of 'test'");
                assertThat(reason(r, RetentionKind.BACKUPS, d50PreRun)).contains("transfer run " + failedRun);

                assertThat(count(db, "SELECT COUNT(*) FROM ferry_snapshots")).isEqualTo(1);
                assertThat(ferry.snapshots().list()).extracting(s -> s.snapshotId()).containsExactly(newSnapshot);

                assertThat(ferry.protection().snapshots()).extracting(s -> s.version()).containsExactly(3);
                assertThat(count(db, "SELECT COUNT(*) FROM ferry_protected_snapshot_rows WHERE version < 3")).isZero();
                assertThat(count(db, "SELECT COUNT(*) FROM ferry_audit")).isEqualTo(1);
                assertThat(r.kind(RetentionKind.AUDIT).deletedCount()).isEqualTo(2);

                assertThat(names(r, RetentionKind.TRANSFER_STATE, true)).singleElement().asString().startsWith(oldDone);
                assertThat(strings(db, "SELECT run_id FROM ferry_transfer_runs")).containsExactlyInAnyOrder(failedRun, recentDone);
                assertThat(count(db, "SELECT COUNT(*) FROM ferry_transfer_checkpoints")).as("the forgotten run's checkpoints").isEqualTo(1);
                assertThat(count(db, "SELECT COUNT(*) FROM ferry_id_map")).as("the ID map stays for later runs").isEqualTo(2);

                assertThat(Files.exists(dir.resolve(".ferry/logs/" + oldLog + ".jsonl"))).isFalse();
                assertThat(Files.exists(dir.resolve(".ferry/reports/" + oldLog + "-backup.json"))).isFalse();
                for (String kept : List.of(recentLog, stillGoing, failedRunLog)) {
                    assertThat(dir.resolve(".ferry/logs/" + kept + ".jsonl")).exists();
                }
                assertThat(dir.resolve(".ferry/logs/" + r.runId() + ".jsonl")).content().contains("backup_deleted", "run_finished");
                assertThat(dir.resolve(".ferry/reports/" + r.runId() + "-prune.json")).exists();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void theNewestValidBackupStaysWhenEveryRuleWouldDeleteIt(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            db.exec("CREATE TABLE settings (name VARCHAR(50) PRIMARY KEY, val VARCHAR(50))");
            try (Ferry ferry = project(db, "backups: {max_age: 1h}\n")) {
                Path backups = dir.resolve("backups");
                Path valid = ferry.backups().backup(dev.ferry.backup.BackupOptions.DEFAULTS).archive();
                Path old = Files.move(valid, archive(backups, daysAgo(10, 0), ""));
                Path damaged = archive(backups, daysAgo(2, 0), "");
                Files.writeString(damaged, "truncated");

                RetentionResult r = ferry.retention().prune(PruneOptions.CONFIRMED);

                assertThat(names(r, RetentionKind.BACKUPS, true)).containsExactly(name(damaged));
                assertThat(Files.list(backups).map(this::name).toList()).containsExactly(name(old));
                assertThat(reason(r, RetentionKind.BACKUPS, old)).contains("newest valid backup");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aProtectedEnvironmentIsPrunedOnlyWithConfirmation(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            Projects.write(dir.resolve("ferry.yaml"), "retention:\n  runs: {max_age: 1d}\n");
            EnvironmentSettings s = Projects.settings(dir, db);
            EnvironmentSettings guarded = new EnvironmentSettings(s.name(), s.url(), s.user(), s.password(), true, s.connectTimeout(),
                    s.locations(), s.layout(), s.schemas(), s.historyTable(), s.placeholders(), s.placeholderReplacement(), s.lockTimeout(),
                    s.outOfOrder(), s.projectDir());
            String old = log(runId(daysAgo(5, 0), "0004"), true);
            try (Ferry ferry = Ferry.of(guarded)) {
                assertThatThrownBy(() -> ferry.retention().prune(new PruneOptions(false, false, null)))
                        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REFUSED_FOR_SAFETY));
                assertThat(dir.resolve(".ferry/logs/" + old + ".jsonl")).exists();
                assertThat(ferry.retention().prune(PruneOptions.DRY_RUN).deletedCount()).as("one run: its log and its report").isEqualTo(1);
                assertThat(ferry.retention().prune(PruneOptions.CONFIRMED).deletedCount()).isEqualTo(1);
                assertThat(dir.resolve(".ferry/logs/" + old + ".jsonl")).doesNotExist();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void withoutARetentionSectionPruneDeletesNothingAndSaysSo(TestServer server) throws Exception {
        try (TestDatabase db = server.create(); Ferry ferry = Ferry.of(Projects.settings(dir, db))) {
            assertThatThrownBy(() -> ferry.retention().prune(PruneOptions.CONFIRMED))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("no retention: section");
        }
    }

    private void transferRuns(TestDatabase db, String failedRun, Path preRunBackup, String oldDone, String recentDone) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement()) {
            String schema = db.database().dialect().currentSchema(c);
            for (String ddl : db.database().dialect().transfer().transferStateTables(schema)) {
                st.execute(ddl);
            }
            insertRun(c, failedRun, "failed", daysAgo(60, 0), null, preRunBackup);
            insertRun(c, oldDone, "completed", daysAgo(45, 0), daysAgo(41, 0), null);
            insertRun(c, recentDone, "completed", daysAgo(7, 0), daysAgo(6, 0), null);
            st.execute("INSERT INTO ferry_transfer_checkpoints (run_id, entity, slice, status) VALUES ('" + oldDone + "', 'offices', 0, 'done'), "
                    + "('" + failedRun + "', 'offices', 0, 'running')");
            st.execute("INSERT INTO ferry_id_map (entity, legacy_key, new_key, run_id) VALUES ('offices', '1', 'a', '" + oldDone + "'), "
                    + "('offices', '2', 'b', '" + recentDone + "')");
        }
    }

    private static void insertRun(Connection c, String id, String status, Instant started, Instant finished, Path archive) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ferry_transfer_runs (run_id, plan_file, status, started_at, finished_at, "
                + "backup_archive) VALUES (?, 'transfer.yaml', ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, status);
            ps.setTimestamp(3, Timestamp.from(started));
            ps.setTimestamp(4, finished == null ? null : Timestamp.from(finished));
            ps.setString(5, archive == null ? null : archive.toAbsolutePath().toString());
            ps.executeUpdate();
        }
    }

    private static Path archive(Path folder, Instant at, String suffix) {
        return folder.resolve("test_" + STAMP.format(at) + suffix + ".fbk");
    }

    private static Path copy(Path from, Path to) throws IOException {
        return Files.copy(from, to);
    }

    private static String runId(Instant at, String tail) {
        return RUN.format(at) + "-" + tail;
    }

    /** A run's log (closed or still open) and its report, as RunJournal writes them. */
    private String log(String runId, boolean closed) throws IOException {
        String lines = "{\"run\":\"" + runId + "\",\"event\":\"run_started\"}\n"
                + (closed ? "{\"run\":\"" + runId + "\",\"event\":\"run_finished\"}\n" : "");
        Projects.write(dir.resolve(".ferry/logs/" + runId + ".jsonl"), lines);
        Projects.write(dir.resolve(".ferry/reports/" + runId + "-backup.json"), "{}");
        return runId;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private String name(Path p) {
        return p.getFileName().toString();
    }

    private static List<String> names(RetentionResult r, RetentionKind kind, boolean deleted) {
        return (deleted ? r.kind(kind).deleted() : r.kind(kind).kept()).stream()
                .map(e -> Path.of(e.name().split(" ")[0]).getFileName().toString()).toList();
    }

    private static String reason(RetentionResult r, RetentionKind kind, Path item) {
        return r.kind(kind).kept().stream().filter(e -> e.name().endsWith(item.getFileName().toString())).findFirst().orElseThrow().reason();
    }

    private static void setTime(TestDatabase db, String sql, Instant at, String key) throws Exception {
        try (Connection c = db.database().connect("test"); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(at));
            if (key != null) {
                ps.setString(2, key);
            }
            ps.executeUpdate();
        }
    }

    private static long count(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(TestDatabase db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.database().connect("test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
