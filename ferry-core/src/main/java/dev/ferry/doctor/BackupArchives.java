package dev.ferry.doctor;

import dev.ferry.config.EnvironmentSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the newest backup archive of an environment: {@code backups/<environment>_<UTC time>.fbk}
 * in the project directory, the time written as {@code yyyyMMdd'T'HHmmss'Z'}.
 */
final class BackupArchives {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private BackupArchives() {
    }

    static DoctorFinding newest(EnvironmentSettings settings) {
        Path dir = settings.projectDir().resolve("backups");
        Pattern name = Pattern.compile(Pattern.quote(settings.name()) + "_(\\d{8}T\\d{6}Z)\\.fbk");
        Instant newest = null;
        Path newestFile = null;
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Matcher m = name.matcher(f.getFileName().toString());
                    if (m.matches()) {
                        Instant at = parse(m.group(1));
                        if (at != null && (newest == null || at.isAfter(newest))) {
                            newest = at;
                            newestFile = f;
                        }
                    }
                }
            } catch (IOException e) {
                return DoctorFinding.warning("backup", "cannot list " + dir + ": " + e.getMessage(), "check the folder's permissions");
            }
        }
        if (newest == null) {
            return DoctorFinding.warning("backup", "no backup archive of '" + settings.name() + "' in backups/", "take a backup of the environment");
        }
        Duration age = Duration.between(newest, Instant.now());
        String what = "newest is " + settings.projectDir().relativize(newestFile) + ", " + Ages.describe(age) + " old";
        return age.compareTo(Doctor.STALE) > 0 ? DoctorFinding.warning("backup", what, "take a new backup (and schedule it)")
                : DoctorFinding.ok("backup", what);
    }

    private static Instant parse(String stamp) {
        try {
            return Instant.from(STAMP.parse(stamp));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
