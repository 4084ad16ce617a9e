package dev.ferry.migration;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flyway's naming: {@code V<version>__<description>.sql}, undo {@code U<version>__<description>.sql},
 * repeatable {@code R__<description>.sql}, scanned recursively as Flyway does.
 */
final class FlywayLayout implements MigrationLayout {
    private static final Pattern NAME = Pattern.compile("([VUR])(\\d+(?:[._]\\d+)*)?__(.+)\\.sql", Pattern.CASE_INSENSITIVE);

    @Override
    public String name() {
        return "flyway";
    }

    @Override
    public boolean recognizes(List<Path> entries) {
        return entries.stream().anyMatch(p -> NAME.matcher(p.getFileName().toString()).matches());
    }

    @Override
    public void scan(Path location, ScanResult result) {
        Map<Version, Path> undo = new HashMap<>();
        List<Path> files = ScriptFiles.walk(location);
        for (Path file : files) {
            Matcher m = NAME.matcher(file.getFileName().toString());
            if (m.matches() && m.group(1).equalsIgnoreCase("U") && m.group(2) != null) {
                Version v = Version.parse(m.group(2));
                Path previous = undo.put(v, file);
                if (previous != null) {
                    result.error(file, "a second undo script for version " + v + " (the other is " + previous.getFileName() + ")");
                }
            }
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (CallbackEvent.forFile(name).isPresent()) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                if (ScriptFiles.isSql(file)) {
                    result.error(file, "not a migration name; expected V<version>__<description>.sql, "
                            + "U<version>__<description>.sql or R__<description>.sql (two underscores)");
                } else {
                    result.note(file, "ignored (not an .sql file)");
                }
                continue;
            }
            String kind = m.group(1).toUpperCase();
            String up = ScriptFiles.read(file);
            if (kind.equals("U")) {
                continue;
            }
            if (kind.equals("R")) {
                if (m.group(2) != null) {
                    result.error(file, "a repeatable migration has no version; name it R__<description>.sql");
                    continue;
                }
                result.add(new Migration(null, ScriptFiles.describe(m.group(3)), MigrationType.REPEATABLE, name, file, up, 1,
                        null, null, null, 0, ScriptFiles.hasNoTransactionMarker(up)));
                continue;
            }
            if (m.group(2) == null) {
                result.error(file, "a versioned migration needs a version, e.g. V1__" + m.group(3) + ".sql");
                continue;
            }
            Version version = Version.parse(m.group(2));
            Path undoFile = undo.remove(version);
            String down = undoFile == null ? null : ScriptFiles.read(undoFile);
            result.add(new Migration(version, ScriptFiles.describe(m.group(3)), MigrationType.VERSIONED, name, file, up, 1,
                    down, undoFile == null ? null : undoFile.getFileName().toString(), undoFile, 1,
                    ScriptFiles.hasNoTransactionMarker(up)));
        }
        undo.forEach((v, file) -> result.error(file, "undo script for version " + v + " has no V" + v + "__*.sql beside it"));
    }

    @Override
    public List<Path> create(Path location, Version version, String description, ScriptText text) {
        String slug = ScriptFiles.slug(description);
        Path up = location.resolve("V" + version + "__" + slug + ".sql");
        return ScriptFiles.writePair(up, location.resolve("U" + version + "__" + slug + ".sql"), text);
    }

    @Override
    public Version nextVersion(List<Version> existing) {
        BigInteger max = existing.stream().map(Version::major).max(BigInteger::compareTo).orElse(BigInteger.ZERO);
        return Version.parse(max.add(BigInteger.ONE).toString());
    }
}
