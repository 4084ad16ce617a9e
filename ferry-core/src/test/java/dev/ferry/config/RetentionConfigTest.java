package dev.ferry.config;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retention:, backup_dir: and backup_before_rollback: settings, and their checks when ferry.yaml is read. */
class RetentionConfigTest {
    @TempDir
    Path dir;

    private ProjectConfig load(String yaml) {
        write(dir.resolve("ferry.yaml"), yaml);
        return new ConfigLoader(Map.of()).project(dir, null, ConfigOverrides.NONE);
    }

    @Test
    void readsARuleForEachKind() {
        ProjectConfig p = load("""
                retention:
                  backups: {keep_last: 2, keep_daily: 7, keep_weekly: 4, keep_monthly: 6, warn_if_none_within: 2d}
                  snapshots: {max_age: 14d}
                  protected_snapshots: {keep_last: 20}
                  runs: {max_age: 30d, keep_last: 50}
                  transfer_state: {max_age: 90d}
                  audit: {max_age: 365d}
                """);
        RetentionPolicy r = p.retention();
        assertThat(r.rule(RetentionKind.BACKUPS)).contains(new RetentionRule(2, 7, 4, 6, null));
        assertThat(r.rule(RetentionKind.BACKUPS).orElseThrow().describe()).isEqualTo("keep_last 2, keep_daily 7, keep_weekly 4, keep_monthly 6");
        assertThat(r.backupWarnAge()).isEqualTo(Duration.ofDays(2));
        assertThat(r.rule(RetentionKind.RUNS).orElseThrow().describe()).isEqualTo("keep_last 50, max_age 30d");
        assertThat(r.rule(RetentionKind.AUDIT).orElseThrow().maxAge()).isEqualTo(Duration.ofDays(365));
        assertThat(r.rules()).hasSize(6);
    }

    @Test
    void withoutTheSectionNothingIsPrunedAndDoctorWarnsAfterAWeek() {
        RetentionPolicy r = load("environments:\n  development: {}\n").retention();
        assertThat(r.isEmpty()).isTrue();
        assertThat(r.backupWarnAge()).isEqualTo(Duration.ofDays(7));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "backups: {keep_daily: 0}|ferry.yaml:2:13: retention.backups.keep_daily must be at least 1, not 0",
            "runs: {max_age: soon}|ferry.yaml:2:10: retention.runs.max_age: 'soon' is not a duration",
            "snapshots: {max_age: 0d}|ferry.yaml:2:15: retention.snapshots.max_age must be longer than 0",
            "audit: {keep_last: 5}|ferry.yaml:2:11: retention.audit.keep_last: audit entries are kept by age only",
            "runs: {warn_if_none_within: 1d}|ferry.yaml:2:10: retention.runs.warn_if_none_within belongs under retention.backups only",
            "backups: {}|ferry.yaml:2:3: retention.backups has no rule",
            "backups: {keep_hourly: 3}|unknown key 'keep_hourly'",
            "backups: {keep_last: many}|ferry.yaml:2:13: 'retention.backups.keep_last' must be a whole number"})
    void aBadValueFailsWhenTheFileIsReadNamingTheKey(String rule, String message) {
        assertThatThrownBy(() -> load("retention:\n  " + rule + "\n"))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining(message);
    }

    @Test
    void backupDirComesFromTheEnvironmentElseTheTopLevelElseBackups() {
        ProjectConfig p = load("""
                backup_dir: /var/backups/app
                backup_before_rollback: true
                environments:
                  development: {}
                  staging:
                    backup_dir: archives/staging
                    backup_before_rollback: false
                """);
        assertThat(p.environment("development").backupDir()).isEqualTo(Path.of("/var/backups/app"));
        assertThat(p.environment("development").backsUpBeforeRollback()).isTrue();
        assertThat(p.environment("staging").backupDir()).isEqualTo(dir.toAbsolutePath().resolve("archives/staging"));
        assertThat(p.environment("staging").backsUpBeforeRollback()).isFalse();
        assertThat(load("environments:\n  development: {}\n").environment().backupDir()).isEqualTo(dir.toAbsolutePath().resolve("backups"));
    }

    @Test
    void aProtectedEnvironmentAlwaysBacksUpBeforeARollback() {
        EnvironmentSettings s = load("environments:\n  production: {protected: true}\n").environment("production");
        assertThat(s.backupBeforeRollback()).isFalse();
        assertThat(s.backsUpBeforeRollback()).isTrue();
    }
}
