package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run as a user's shell runs it, in a folder of its own and without the test JVM's
 * {@code FERRY_} variables: for the launchers, which {@link CliProcess} bypasses by starting the jar.
 */
record ShellRun(int exit, String output) {

    static ShellRun of(Path workDir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("FERRY_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new ShellRun(p.exitValue(), out);
    }
}
