package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive as a user installs it: unpacked, bin/ferry linked from a folder on the
 * PATH, and run in a project folder of the user's own.
 */
class DistributionIT {
    @TempDir
    Path dir;

    @Test
    void theUnpackedArchiveRunsFromThePathInAProjectFolderOfTheUsersOwn() throws Exception {
        Map<String, String> env = userShell(install());
        Path project = Files.createDirectories(dir.resolve("my-app"));
        ShellRun version = ShellRun.of(project, env, "sh", "-c", "ferry --version");
        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output()).contains("ferry");
        ShellRun init = ShellRun.of(project, env, "sh", "-c", "ferry init");
        assertThat(init.exit()).as(init.output()).isZero();
        assertThat(project.resolve("ferry.yaml")).exists();
        assertThat(Files.readAllLines(project.resolve(".gitignore"))).containsAll(List.of(".ferry/", "backups/"));
    }

    @Test
    void theInstalledLauncherRecordsAClassDataArchiveInTheCacheOnceAndStartsFromItAfterwards() throws Exception {
        Path home = install();
        Map<String, String> env = new HashMap<>(userShell(home));
        env.put("FERRY_JAVA_OPTS", "-Xlog:cds+dynamic=warning"); // the warnings the launcher turns off, back on
        Path project = Files.createDirectories(dir.resolve("my-app"));

        ShellRun first = ShellRun.of(project, env, "sh", "-c", "ferry transfer --help");
        assertThat(first.exit()).as(first.output()).isZero();
        Path cds = dir.resolve("home/.cache/ferry/cds");
        List<Path> archives;
        try (var files = Files.list(cds)) {
            archives = files.toList();
        }
        assertThat(archives).singleElement().satisfies(a -> assertThat(a.getFileName().toString()).endsWith(".jsa"));

        ShellRun second = ShellRun.of(project, env, "sh", "-c", "ferry transfer --help");
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(second.output()).startsWith("Usage: ferry transfer").doesNotContain("Unable to use shared archive");

        // A newer jar (an upgrade in place): the old archive would be refused, so it is recorded again.
        Files.setLastModifiedTime(archives.get(0), FileTime.from(Instant.now().minusSeconds(120)));
        Files.setLastModifiedTime(home.resolve("lib/ferry.jar"), FileTime.from(Instant.now().minusSeconds(60)));
        ShellRun upgraded = ShellRun.of(project, env, "sh", "-c", "ferry transfer --help");
        assertThat(upgraded.exit()).as(upgraded.output()).isZero();
        assertThat(upgraded.output()).doesNotContain("Unable to use shared archive");
        assertThat(Files.getLastModifiedTime(archives.get(0))).isGreaterThan(Files.getLastModifiedTime(home.resolve("lib/ferry.jar")));

        // Without a cache folder to write to, it runs without an archive.
        env.put("FERRY_CACHE", "/proc/ferry-cannot-write-here");
        ShellRun uncached = ShellRun.of(project, env, "sh", "-c", "ferry transfer --help");
        assertThat(uncached.exit()).as(uncached.output()).isZero();
        assertThat(uncached.output()).startsWith("Usage: ferry transfer");
    }

    /** Unpacks the distribution archive; returns the folder it made. */
    private Path install() throws Exception {
        Path archive = Path.of(System.getProperty("ferry.dist"));
        assertThat(archive).exists();
        Path install = Files.createDirectories(dir.resolve("opt"));
        assertThat(ShellRun.of(install, Map.of(), "tar", "xzf", archive.toString()).exit()).isZero();
        Path home;
        try (var unpacked = Files.list(install)) {
            home = unpacked.findFirst().orElseThrow();
        }
        assertThat(home.resolve("lib/ferry.jar")).exists();
        return home;
    }

    /**
     * A user's shell: {@code bin/ferry} linked from a folder on the PATH, and a home folder of its
     * own, so that the launcher's cache lands in the test's folder.
     */
    private Map<String, String> userShell(Path home) throws Exception {
        Path pathDir = Files.createDirectories(dir.resolve("path"));
        Files.createSymbolicLink(pathDir.resolve("ferry"), home.resolve("bin/ferry"));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin");
        Path userHome = Files.createDirectories(dir.resolve("home"));
        return Map.of("PATH", pathDir + ":" + System.getenv("PATH") + ":" + javaBin, "HOME", userHome.toString());
    }
}
