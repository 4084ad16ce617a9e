package dev.ferry.migration;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** golang-migrate's naming: {@code <version>_<title>.up.sql} with an optional {@code .down.sql}. */
final class GolangMigrateLayout implements MigrationLayout {
    private static final Pattern NAME = Pattern.compile("(\\d+)_(.+)\\.(up|down)\\.sql", Pattern.CASE_INSENSITIVE);

    @Override
    public String name() {
        return "golang-migrate";
    }

    @Override
    public boolean recognizes(List<Path> entries) {
        return entries.stream().anyMatch(p -> NAME.matcher(p.getFileName().toString()).matches());
    }

    @Override
    public void scan(Path location, ScanResult result) {
        Map<String, Path[]> pairs = new LinkedHashMap<>();
        for (Path file : ScriptFiles.list(location)) {
            String name = file.getFileName().toString();
            if (java.nio.file.Files.isDirectory(file) || CallbackEvent.forFile(name).isPresent()) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                if (ScriptFiles.isSql(file)) {
                    result.error(file, "not a migration name; expected <version>_<title>.up.sql or <version>_<title>.down.sql");
                } else {
                    result.note(file, "ignored (not an .sql file)");
                }
                continue;
            }
            Path[] pair = pairs.computeIfAbsent(m.group(1) + "_" + m.group(2), k -> new Path[2]);
            pair[m.group(3).equalsIgnoreCase("up") ? 0 : 1] = file;
        }
        pairs.forEach((key, pair) -> {
            if (pair[0] == null) {
                result.error(pair[1], "down script without its .up.sql");
                return;
            }
            Matcher m = NAME.matcher(pair[0].getFileName().toString());
            m.matches();
            String up = ScriptFiles.read(pair[0]);
            String down = pair[1] == null ? null : ScriptFiles.read(pair[1]);
            result.add(new Migration(Version.parse(m.group(1)), ScriptFiles.describe(m.group(2)), MigrationType.VERSIONED,
                    pair[0].getFileName().toString(), pair[0], up, 1, down,
                    pair[1] == null ? null : pair[1].getFileName().toString(), pair[1], 1, ScriptFiles.hasNoTransactionMarker(up)));
        });
    }

    @Override
    public List<Path> create(Path location, Version version, String description, ScriptText text) {
        String base = version + "_" + ScriptFiles.slug(description);
        Path up = location.resolve(base + ".up.sql");
        Path down = location.resolve(base + ".down.sql");
        return ScriptFiles.writePair(up, down, text);
    }

    @Override
    public Version nextVersion(List<Version> existing) {
        return ScriptFiles.nextNumber(existing);
    }
}
