package dev.ferry.backup;

import dev.ferry.config.EnvironmentSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Archive names: {@code backups/<environment>_<yyyyMMdd'T'HHmmss'Z'>.fbk}, in UTC, so that for one
 * environment the newest archive is the last by name; archives of chosen tables end in {@code _tables.fbk}.
 */
final class BackupNames {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private BackupNames() {
    }

    /** The archive directory: {@code dir} if given, else {@code backups/} in the project; created if missing and checked writable. */
    static Path directory(EnvironmentSettings settings, Path dir) {
        Path d = dir == null ? settings.projectDir().resolve("backups") : settings.projectDir().resolve(dir);
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw ArchiveWriter.cannotWrite(d, e);
        }
        if (!Files.isWritable(d)) {
            throw ArchiveWriter.cannotWrite(d, new IOException("the directory is not writable"));
        }
        return d;
    }

    /**
     * Marks an archive of chosen tables ({@code --tables}, a restore's safety backup): {@code
     * <environment>_<time>_tables.fbk}, so that it is not taken for a backup of the whole environment.
     */
    static final String SOME_TABLES = "_tables";

    /** The name for a new archive; waits for the next second when one with this second's name exists. */
    static Path next(Path dir, String environment, String suffix) {
        while (true) {
            Instant now = Instant.now();
            Path p = dir.resolve(environment + "_" + STAMP.format(now) + suffix + ArchiveFormat.EXTENSION);
            if (!Files.exists(p) && !Files.exists(p.resolveSibling(p.getFileName() + ArchiveFormat.PARTIAL))) {
                return p;
            }
            try {
                Thread.sleep(1000 - now.toEpochMilli() % 1000 + 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while choosing an archive name", e);
            }
        }
    }

    /** The newest archive of an environment in a directory, or {@code null}. */
    public static Path newest(Path dir, String environment) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(environment + "_")
                            && f.getFileName().toString().endsWith(ArchiveFormat.EXTENSION))
                    .max(java.util.Comparator.comparing(f -> f.getFileName().toString())).orElse(null);
        }
    }
}
