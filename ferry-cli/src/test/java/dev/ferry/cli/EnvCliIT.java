package dev.ferry.cli;

import static dev.ferry.testing.Projects.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.db.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry env} through the real jar: how to connect, and --hold keeping the embedded server up for psql. */
class EnvCliIT {
    @TempDir
    Path project;

    @Test
    void envShowsTheClientCommandAndHoldKeepsTheEmbeddedServerUpUntilStopped() throws Exception {
        write(project.resolve("ferry.yaml"), "environments:\n  development: {}\n");
        CliProcess.Result shown = CliProcess.run(project, Map.of(), "env");
        assertThat(shown.exitCode()).as(shown.stderr()).isZero();
        assertThat(shown.stdout()).contains("PostgreSQL (embedded)").contains("psql -h 127.0.0.1 -p ").contains("ferry env --hold");

        Process held = CliProcess.start(project, Map.of(), "env", "--hold");
        try {
            String out = awaitOutput(held, "Holding");
            Matcher m = Pattern.compile("psql -h 127.0.0.1 -p (\\d+)").matcher(out);
            assertThat(m.find()).as(out).isTrue();
            Database db = new Database("jdbc:postgresql://127.0.0.1:" + m.group(1) + "/development", "postgres", null, 5);
            try (Connection c = db.connect("test"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 42")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        } finally {
            held.destroy();
            assertThat(held.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** The process's output so far, once it contains {@code marker} (polled; the process writes to a file in the project). */
    private String awaitOutput(Process p, String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Stream<Path> files = Files.list(project)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith(".out-")).toList()) {
                    String text = Files.readString(f);
                    if (text.contains(marker)) {
                        return text;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + marker + "' in the output of ferry env --hold");
    }
}
