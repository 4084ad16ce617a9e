package dev.ferry.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code ferry.jar} as a separate process, the way a user or CI script does.
 *
 * <p>With the launcher's collector and heap, the client compiler only and a class-data archive the
 * first command records as it exits, a short command starts in about 0.7 s instead of 1.2: these
 * tests start a few hundred.
 */
final class CliProcess {
    private static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1",
            "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    /** The caches a user's machine would have set; every other FERRY_ variable of the test's own environment is removed. */
    private static final Set<String> KEPT = Set.of("FERRY_CACHE", "FERRY_SCRATCH_HOME");
    private static Path archive;
    private static boolean recording;

    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("ferry.jar", "target/ferry.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("ferry.jar not built at " + jar + "; run the tests through 'mvnw verify'");
        }
        return jar;
    }

    static Process start(Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> command = command(null, args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("FERRY_") && !KEPT.contains(k));
        pb.environment().putAll(env);
        pb.redirectOutput(workDir.resolve(".out-" + System.nanoTime()).toFile());
        return pb.start();
    }

    static Result run(Path workDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, ".stdout", ".txt");
        Path err = Files.createTempFile(workDir, ".stderr", ".txt");
        Path record = jar().toAbsolutePath().resolveSibling("ferry-it.jsa." + ProcessHandle.current().pid());
        List<String> command = command(record, args);
        boolean recorder = command.contains("-XX:ArchiveClassesAtExit=" + record);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("FERRY_") && !KEPT.contains(k));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ferry " + String.join(" ", args) + " did not finish in 180 s");
        }
        if (recorder) {
            recorded(record);
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** The java command line; records the class-data archive into {@code recordTo} when none exists and no one is recording it. */
    private static synchronized List<String> command(Path recordTo, String... args) {
        List<String> command = new ArrayList<>(List.of(javaBin()));
        command.addAll(JVM_OPTIONS);
        if (archive != null) {
            command.add("-XX:SharedArchiveFile=" + archive);
        } else if (recordTo != null && !recording) {
            recording = true;
            command.add("-XX:ArchiveClassesAtExit=" + recordTo);
        }
        command.addAll(List.of("-jar", jar().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static synchronized void recorded(Path file) throws IOException {
        recording = false;
        if (Files.isRegularFile(file) && Files.size(file) > 0) {
            file.toFile().deleteOnExit();
            archive = file;
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private CliProcess() {
    }
}
