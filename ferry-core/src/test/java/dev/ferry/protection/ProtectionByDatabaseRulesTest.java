package dev.ferry.protection;

import static dev.ferry.protection.ProtectionTest.exec;
import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.Ferry;
import dev.ferry.backup.BackupOptions;
import dev.ferry.backup.RestoreOptions;
import dev.ferry.doctor.DoctorFinding;
import dev.ferry.doctor.DoctorOptions;
import dev.ferry.doctor.DoctorReport;
import dev.ferry.testing.Projects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Protected rows judged by the database's own rules: its key equality, its columns now, and TRUNCATE. */
class ProtectionByDatabaseRulesTest {
    @TempDir
    Path dir;

    static Stream<TestServer> servers() {
        return TestServer.all();
    }

    private Ferry project(TestDatabase db, String required) {
        write(dir.resolve("ferry.yaml"), "protected_data:\n  tables:\n    codes:\n      key: [code]\n      required: [" + required + "]\n");
        return Ferry.of(Projects.settings(dir, db));
    }

    private static List<DoctorFinding> problems(DoctorReport r, String check) {
        return r.findings().stream().filter(f -> f.check().equals(check) && f.status() != DoctorFinding.Status.OK).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void requiredKeysAreComparedWithTheKeyColumnsOwnEqualityPaddingAndCollation(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            exec(db, "CREATE TABLE codes (code CHAR(20) PRIMARY KEY, label VARCHAR(40))",
                    "INSERT INTO codes VALUES ('ABC', 'padded to twenty'), ('def', 'lower case')");
            // MariaDB's default collation ignores case, so DEF is the row def there; PostgreSQL's does not.
            String required = db.isMariaDb() ? "ABC, DEF, ZZZ" : "ABC, def, ZZZ";
            try (Ferry ferry = project(db, required)) {
                CheckResult check = ferry.protection().check();
                assertThat(check.problems()).extracting(ProtectionProblem::kind, ProtectionProblem::key)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(ProtectionProblem.MISSING, "ZZZ"));
            }
        }
    }

    @Test
    void mariaDbAuditTriggersMadeBeforeAColumnWasDroppedAreFoundStaleAndInstallRebuildsThem() throws Exception {
        try (TestDatabase db = TestServer.mariaDb().create()) {
            exec(db, "CREATE TABLE codes (code VARCHAR(20) PRIMARY KEY, label VARCHAR(40), note TEXT)",
                    "INSERT INTO codes VALUES ('a', 'first', 'kept')");
            try (Ferry ferry = project(db, "a")) {
                ferry.protection().install();
                assertThat(problems(ferry.doctor(DoctorOptions.CHECK_ONLY), "audit trail")).isEmpty();

                exec(db, "ALTER TABLE codes DROP COLUMN note");
                assertThatThrownBy(() -> exec(db, "INSERT INTO codes VALUES ('b', 'second')")).hasMessageContaining("note");
                List<DoctorFinding> stale = problems(ferry.doctor(DoctorOptions.CHECK_ONLY), "audit trail");
                assertThat(stale).singleElement().satisfies(f -> {
                    assertThat(f.message()).contains("table codes").contains("other columns").contains("every insert, update and delete");
                    assertThat(f.recommendation()).contains("ferry protect install");
                });

                ferry.protection().install();
                exec(db, "INSERT INTO codes VALUES ('b', 'second')", "UPDATE codes SET label = 'changed' WHERE code = 'a'");
                assertThat(problems(ferry.doctor(DoctorOptions.CHECK_ONLY), "audit trail")).isEmpty();
                assertThat(ferry.protection().auditLog(new AuditQuery("codes", "b", null, 5))).singleElement()
                        .satisfies(e -> assertThat(e.newRow().has("note")).isFalse());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void truncateIsAuditedOrDetectedAndARecoveryIsNoChangeSinceTheSnapshot(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            exec(db, "CREATE TABLE codes (code VARCHAR(20) PRIMARY KEY, label VARCHAR(40))",
                    "INSERT INTO codes VALUES ('a', 'first'), ('b', 'second'), ('c', 'third')");
            try (Ferry ferry = project(db, "a, b, c")) {
                ferry.protection().install();
                ferry.protection().snapshot(Path.of("snapshots/codes.jsonl"), null);
                exec(db, "TRUNCATE TABLE codes");

                List<AuditEntry> truncated = ferry.protection().auditLog(new AuditQuery("codes", null, null, 10));
                DoctorReport sick = ferry.doctor(DoctorOptions.CHECK_ONLY);
                if (db.isMariaDb()) {
                    // No TRUNCATE trigger on MariaDB: the rows left no audit entry, and doctor says so from the counts.
                    assertThat(truncated).isEmpty();
                    assertThat(problems(sick, "audit trail")).singleElement().satisfies(f -> assertThat(f.message())
                            .contains("holds 0 row(s)").contains("account for 3").contains("3 row(s) went without an audit entry"));
                } else {
                    assertThat(truncated).extracting(AuditEntry::operation).containsOnly("TRUNCATE").hasSize(3);
                    assertThat(truncated).extracting(e -> e.oldRow().get("label").asText()).containsExactlyInAnyOrder("first", "second", "third");
                    assertThat(problems(sick, "audit trail")).isEmpty();
                }

                DoctorReport recovered = ferry.doctor(new DoctorOptions(true));
                assertThat(recovered.recovery().restored()).hasSize(3);
                assertThat(problems(recovered, "audit trail")).isEmpty();
                assertThat(problems(recovered, "snapshot")).as("the recovery put back the snapshot's rows: nothing changed since").isEmpty();
                assertThat(ferry.protection().changesSince(ferry.protection().snapshots().get(0).takenAt())).isZero();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void restoreRecordsTheRowsItReplacesWithTheirOldValues(TestServer server) throws Exception {
        try (TestDatabase db = server.create()) {
            exec(db, "CREATE TABLE codes (code VARCHAR(20) PRIMARY KEY, label VARCHAR(40))", "INSERT INTO codes VALUES ('a', 'first')");
            try (Ferry ferry = project(db, "a")) {
                Path archive = ferry.backups().backup(BackupOptions.DEFAULTS.withTables(List.of("codes"))).archive();
                ferry.protection().install();
                exec(db, "UPDATE codes SET label = 'edited' WHERE code = 'a'");
                ferry.backups().restore(RestoreOptions.of(archive).withConfirmed(true));

                List<AuditEntry> trail = ferry.protection().auditLog(new AuditQuery("codes", "a", null, 10));
                assertThat(trail).extracting(AuditEntry::operation).containsExactly("INSERT", db.isMariaDb() ? "DELETE" : "TRUNCATE", "UPDATE");
                assertThat(trail.get(1).oldRow().get("label").asText()).isEqualTo("edited");
                assertThat(trail.get(0).newRow().get("label").asText()).isEqualTo("first");
            }
        }
    }
}
