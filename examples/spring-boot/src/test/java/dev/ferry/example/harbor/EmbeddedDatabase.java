package dev.ferry.example.harbor;

import dev.ferry.Ferry;
import dev.ferry.db.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** Ferry's embedded PostgreSQL, a new one under target/ for each test class: the tests need no database server. */
final class EmbeddedDatabase implements AutoCloseable {
    private final Path dir;
    private final Ferry ferry;

    private EmbeddedDatabase(Path dir, Ferry ferry) {
        this.dir = dir;
        this.ferry = ferry;
    }

    static EmbeddedDatabase start() throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "harbor-db");
        Ferry ferry = Ferry.builder().projectDir(dir).variables(Map.of()).build();
        return new EmbeddedDatabase(dir, ferry);
    }

    Database database() {
        return ferry.database();
    }

    /** Stops the server and removes its files. */
    @Override
    public void close() throws IOException {
        ferry.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
