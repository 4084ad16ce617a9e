package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
        Path archive = Path.of(System.getProperty("ferry.dist"));
        assertThat(archive).exists();
        Path install = Files.createDirectories(dir.resolve("opt"));
        assertThat(ShellRun.of(install, Map.of(), "tar", "xzf", archive.toString()).exit()).isZero();
        Path home;
        try (var unpacked = Files.list(install)) {
            home = unpacked.findFirst().orElseThrow();
        }
        assertThat(home.resolve("lib/ferry.jar")).exists();
        Path pathDir = Files.createDirectories(dir.resolve("path"));
        Files.createSymbolicLink(pathDir.resolve("ferry"), home.resolve("bin/ferry"));
        String path = pathDir + ":" + System.getenv("PATH");
        Path javaBin = Path.of(System.getProperty("java.home"), "bin");

        Path project = Files.createDirectories(dir.resolve("my-app"));
        Map<String, String> env = Map.of("PATH", path + ":" + javaBin); // a shell finds ferry on the PATH, as a user's would
        ShellRun version = ShellRun.of(project, env, "sh", "-c", "ferry --version");
        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output()).contains("ferry");
        ShellRun init = ShellRun.of(project, env, "sh", "-c", "ferry init");
        assertThat(init.exit()).as(init.output()).isZero();
        assertThat(project.resolve("ferry.yaml")).exists();
        assertThat(Files.readAllLines(project.resolve(".gitignore"))).containsAll(List.of(".ferry/", "backups/"));
    }
}
