package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkout's {@code ./ferry} launcher, run as a user runs it after building with
 * {@code ./mvnw}: a checkout of its own (the launcher, the JVM options it sources and
 * {@code ferry-cli/target/ferry.jar}, no sources, so it does not build) and a project folder to
 * run in.
 */
class LauncherIT {
    @TempDir
    Path dir;

    @Test
    void aClassDataArchiveRecordedForAnEarlierBuildIsRecordedAgainInsteadOfBeingRefusedOnEveryRun() throws Exception {
        Path checkout = Files.createDirectories(dir.resolve("checkout"));
        Path launcher = checkout.resolve("ferry");
        Files.copy(Path.of("..", "ferry"), launcher);
        Path shared = Path.of("src/dist/bin/ferry-jvm.sh");
        Files.copy(shared, Files.createDirectories(checkout.resolve("ferry-cli").resolve(shared.getParent())).resolve(shared.getFileName()));
        Path target = Files.createDirectories(checkout.resolve("ferry-cli/target"));
        Path jar = target.resolve("ferry.jar");
        Path built = Path.of(System.getProperty("ferry.jar", "target/ferry.jar"));
        Files.copy(built, jar);
        Path jsa = target.resolve("ferry.jsa");
        Path project = Files.createDirectories(dir.resolve("my-app"));
        // Warnings of the class-data-sharing log back on, after the launcher's own options turn them off.
        Map<String, String> env = Map.of("FERRY_JAVA_OPTS", "-Xlog:cds+dynamic=warning");

        ShellRun first = ShellRun.of(project, env, "sh", launcher.toString(), "transfer", "--help");
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(jsa).exists();

        // A rebuild since: a new jar, and the archive recorded for the one before (which the JVM refuses).
        Files.copy(built, jar, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
        Files.setLastModifiedTime(jsa, FileTime.from(Instant.now().minusSeconds(120)));
        ShellRun afterRebuild = ShellRun.of(project, env, "sh", launcher.toString(), "transfer", "--help");
        assertThat(afterRebuild.exit()).as(afterRebuild.output()).isZero();
        assertThat(afterRebuild.output()).doesNotContain("Unable to use shared archive");
        assertThat(Files.getLastModifiedTime(jsa)).isGreaterThanOrEqualTo(Files.getLastModifiedTime(jar));

        ShellRun next = ShellRun.of(project, env, "sh", launcher.toString(), "transfer", "--help");
        assertThat(next.exit()).as(next.output()).isZero();
        assertThat(next.output()).startsWith("Usage: ferry transfer").doesNotContain("Unable to use shared archive");
    }
}
