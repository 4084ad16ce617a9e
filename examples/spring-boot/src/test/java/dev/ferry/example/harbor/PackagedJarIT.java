package dev.ferry.example.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.db.Database;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar {@code package} builds, started as its own process: the scripts are read from
 * inside the jar and the bean migration handed over by Spring, all applied before the application
 * serves, and listed by the Actuator.
 */
class PackagedJarIT {
    @Test
    void theRunnableJarMigratesFromInsideItselfAndServes() throws Exception {
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start()) {
            Database database = embedded.database();
            int port = freePort();
            Path log = Files.createTempFile(Path.of("target"), "harbor-jar", ".log");
            Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", runnableJar().toString(),
                    "--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.user(),
                    "--spring.datasource.password=", "--server.port=" + port, "--ferry.project-dir=target")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                awaitServing(app, port, log);

                assertThat(HarborHttp.get(port, "/boats").findValuesAsText("homePort")).containsExactly("Kiel", "Kiel");
                assertThat(HarborHttp.get(port, "/boats").findValuesAsText("berthLength")).containsExactly("12", "24");
                assertThat(HarborHttp.migrationStates(port)).containsExactly("V1__create_boats.sql APPLIED", "V2__add_home_port.sql APPLIED",
                        "dev.ferry.example.harbor.V3__Assign_berth_lengths APPLIED");
                assertThat(Files.readString(log)).contains("Ferry migrated").contains("3 migration(s) applied");
            } finally {
                app.destroy();
                app.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void awaitServing(Process app, int port, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            assertThat(app.isAlive()).as("the application stopped:%n%s", Files.readString(log)).isTrue();
            try {
                HarborHttp.get(port, "/actuator/health");
                return;
            } catch (IOException notYet) {
                Thread.sleep(500);
            }
        }
        throw new AssertionError("the application did not serve within 3 minutes:\n" + Files.readString(log));
    }

    private static Path runnableJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(f -> f.getFileName().toString().matches("ferry-example-spring-boot-.*\\.jar")).toList();
            assertThat(jars).as("the jar 'package' built").hasSize(1);
            return jars.get(0);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
