package dev.ferry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.config.ConfigOverrides;
import dev.ferry.examples.ClinicData;
import dev.ferry.transfer.plan.ConnectionSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java API example, taken from README.md as printed, compiled against ferry-core and
 * run in its own process in a copy of the clinic example: if the README drifts from the API, or
 * the example stops working, this fails.
 */
class ReadmeJavaExampleTest {
    @TempDir
    Path dir;

    @Test
    void theJavaApiExampleCompilesAndRunsAsPrinted() throws Exception {
        Path project = dir.resolve("clinic");
        copyTree(Path.of("../examples/clinic"), project);
        try (Ferry ferry = Ferry.load(project, null, ConfigOverrides.NONE)) {
            ClinicData.create(ferry.databaseFor(new ConnectionSpec("legacy", null, null, null)), 0.002);
        }
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path source = dir.resolve("src/ReadmeExample.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, asProgram(javaApiExample()));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = System.getProperty("java.class.path");
        int compiled = javac.run(null, null, null, "-d", classes.toString(), "-cp", classpath, source.toString());
        assertThat(compiled).as("the README's Java example compiles").isZero();

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes + java.io.File.pathSeparator + classpath, "ReadmeExample")
                .directory(project.toFile()).redirectErrorStream(true).start();
        boolean ended = p.waitFor(5, TimeUnit.MINUTES);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ended).as(output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("migrated to 7, drift: 0").contains("orders: ").contains("verified clean: true")
                .contains("deploy plan ok: true").contains("rolled back: 1");
    }

    /** The first java block of the README's "Java API" section. */
    static String javaApiExample() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int section = readme.indexOf("### Java API");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    /** The example's imports, then its statements as the body of a main method. */
    private static String asProgram(String example) {
        List<String> imports = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (String line : example.split("\n")) {
            (line.startsWith("import ") ? imports : body).add(line);
        }
        return String.join("\n", imports) + "\n\npublic class ReadmeExample {\n    public static void main(String[] args) throws Exception {\n"
                + String.join("\n", body) + "\n    }\n}\n";
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(f -> {
                try {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
