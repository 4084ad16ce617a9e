package dev.ferry.testing;

import dev.ferry.config.EnvironmentSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Builds test projects: settings pointing at a scratch database and migration files on disk. */
public final class Projects {
    private Projects() {
    }

    public static EnvironmentSettings settings(Path projectDir, TestDatabase db, Path... locations) {
        List<Path> locs = locations.length == 0 ? List.of(projectDir.resolve("migrations")) : List.of(locations);
        return new EnvironmentSettings("test", db.url(), db.user(), db.password(), false, Duration.ofSeconds(10), locs, "auto",
                List.of(), EnvironmentSettings.DEFAULT_HISTORY_TABLE, Map.of(), true, Duration.ofSeconds(5), false, projectDir);
    }

    /** Writes a transfer plan from {@code source} to {@code target}; {@code rest} follows those two lines. */
    public static Path transferPlan(Path file, TestDatabase source, TestDatabase target, String rest) {
        return write(file, "source: " + ClinicProject.connection(source) + "\ntarget: " + ClinicProject.connection(target) + "\n" + rest);
    }

    public static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
