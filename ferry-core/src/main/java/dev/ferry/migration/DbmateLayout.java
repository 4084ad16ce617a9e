package dev.ferry.migration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dbmate's naming: one file {@code <version>_<name>.sql} with a {@code -- migrate:up} section and an
 * optional {@code -- migrate:down} section; {@code transaction:false} after the marker runs that
 * section outside a transaction.
 */
final class DbmateLayout implements MigrationLayout {
    private static final Pattern NAME = Pattern.compile("(\\d+)_(.+)\\.sql", Pattern.CASE_INSENSITIVE);
    private static final Pattern MARKER = Pattern.compile("(?m)^--\\s*migrate:(up|down)([^\\n]*)$");

    @Override
    public String name() {
        return "dbmate";
    }

    @Override
    public boolean recognizes(List<Path> entries) {
        return entries.stream().filter(p -> Files.isRegularFile(p) && ScriptFiles.isSql(p))
                .anyMatch(p -> MARKER.matcher(ScriptFiles.read(p)).find());
    }

    @Override
    public void scan(Path location, ScanResult result) {
        for (Path file : ScriptFiles.list(location)) {
            String name = file.getFileName().toString();
            if (Files.isDirectory(file) || CallbackEvent.forFile(name).isPresent()) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                if (ScriptFiles.isSql(file)) {
                    result.error(file, "not a migration name; expected <version>_<name>.sql");
                } else {
                    result.note(file, "ignored (not an .sql file)");
                }
                continue;
            }
            String text = ScriptFiles.read(file);
            Section up = section(text, "up");
            if (up == null) {
                result.error(file, "no '-- migrate:up' section");
                continue;
            }
            Section down = section(text, "down");
            result.add(new Migration(Version.parse(m.group(1)), ScriptFiles.describe(m.group(2)), MigrationType.VERSIONED,
                    name, file, up.sql, up.line, down == null ? null : down.sql, down == null ? null : name + "#down",
                    down == null ? null : file, down == null ? 0 : down.line, up.noTransaction || ScriptFiles.hasNoTransactionMarker(up.sql)));
        }
    }

    private record Section(String sql, int line, boolean noTransaction) {
    }

    /** The text after a marker up to the next marker, with the file line where it starts. */
    private static Section section(String text, String which) {
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
            if (!m.group(1).equals(which)) {
                continue;
            }
            int start = m.end();
            Matcher next = MARKER.matcher(text);
            int end = next.find(start) ? next.start() : text.length();
            int line = 1 + (int) text.substring(0, start).chars().filter(c -> c == '\n').count();
            boolean noTx = m.group(2).contains("transaction:false");
            return new Section(text.substring(start, end), line, noTx);
        }
        return null;
    }

    @Override
    public List<Path> create(Path location, Version version, String description, ScriptText text) {
        Path file = location.resolve(version + "_" + ScriptFiles.slug(description) + ".sql");
        ScriptFiles.write(file, "-- migrate:up\n" + text.up() + "\n-- migrate:down\n" + text.down().replaceFirst("^-- Undo: .*\n", ""));
        return List.of(file);
    }

    @Override
    public Version nextVersion(List<Version> existing) {
        return ScriptFiles.nextNumber(existing);
    }
}
