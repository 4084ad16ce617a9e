package dev.ferry.backup;

import dev.ferry.FerryException;
import dev.ferry.config.EnvironmentSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Archive names: {@code <backup_dir>/<environment>_<yyyyMMdd'T'HHmmss'Z'>.fbk}, in UTC, so that for one
 * environment the newest archive is the last by name; archives of chosen tables end in {@code _tables.fbk}.
 */
final class BackupNames {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private BackupNames() {
    }

    /**
     * The archive folder: {@code dir} (a command-line path, relative to the project) if given, else
     * the environment's {@code backup_dir}. Every reader and writer of archives asks here.
     */
    static Path folder(EnvironmentSettings settings, Path dir) {
        return dir == null ? settings.backupDir() : settings.projectDir().resolve(dir).normalize();
    }

    /** The archive folder as {@link #folder} names it, created if missing and checked writable. */
    static Path directory(EnvironmentSettings settings, Path dir) {
        Path d = folder(settings, dir);
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

    /** The archives of {@code environment} in {@code dir}, oldest first, by the time in their names; other files are left out. */
    static List<ArchiveFile> archives(Path dir, String environment) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        Pattern name = Pattern.compile(Pattern.quote(environment) + "_(\\d{8}T\\d{6}Z)(" + SOME_TABLES + ")?"
                + Pattern.quote(ArchiveFormat.EXTENSION));
        List<ArchiveFile> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Matcher m = name.matcher(f.getFileName().toString());
                if (m.matches()) {
                    try {
                        out.add(new ArchiveFile(f, environment, Instant.from(STAMP.parse(m.group(1))), m.group(2) == null));
                    } catch (DateTimeParseException e) {
                        // Not a time Ferry wrote (say, month 13): not one of its archives.
                    }
                }
            }
        } catch (IOException e) {
            throw FerryException.failure("Cannot list the backup folder " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(ArchiveFile::takenAt));
        return out;
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
