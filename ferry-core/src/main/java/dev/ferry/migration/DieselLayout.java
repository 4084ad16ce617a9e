package dev.ferry.migration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Diesel's naming: a folder {@code <version>_<name>/} holding {@code up.sql} and {@code down.sql},
 * where the version is usually a timestamp such as {@code 2024-01-31-101500}. A
 * {@code metadata.toml} with {@code run_in_transaction = false} is honoured.
 */
final class DieselLayout implements MigrationLayout {
    private static final Pattern DIR = Pattern.compile("(\\d[\\d-]*)_(.+)");
    private static final Pattern NO_TX = Pattern.compile("(?m)^\\s*run_in_transaction\\s*=\\s*false\\s*$");

    @Override
    public String name() {
        return "diesel";
    }

    @Override
    public boolean recognizes(List<Path> entries) {
        return entries.stream().anyMatch(p -> Files.isDirectory(p) && Files.isRegularFile(p.resolve("up.sql")));
    }

    @Override
    public void scan(Path location, ScanResult result) {
        for (Path entry : ScriptFiles.list(location)) {
            String name = entry.getFileName().toString();
            if (!Files.isDirectory(entry)) {
                if (CallbackEvent.forFile(name).isEmpty()) {
                    result.note(entry, "ignored (Diesel migrations are folders holding up.sql and down.sql)");
                }
                continue;
            }
            Matcher m = DIR.matcher(name);
            Path upFile = entry.resolve("up.sql");
            if (!m.matches() || !Files.isRegularFile(upFile)) {
                result.error(entry, "not a migration folder; expected <version>_<name>/ with up.sql (and down.sql)");
                continue;
            }
            Path downFile = entry.resolve("down.sql");
            String up = ScriptFiles.read(upFile);
            String down = Files.isRegularFile(downFile) ? ScriptFiles.read(downFile) : null;
            Path metadata = entry.resolve("metadata.toml");
            boolean noTx = ScriptFiles.hasNoTransactionMarker(up)
                    || (Files.isRegularFile(metadata) && NO_TX.matcher(ScriptFiles.read(metadata)).find());
            result.add(new Migration(Version.parse(m.group(1).replace("-", "")), ScriptFiles.describe(m.group(2)),
                    MigrationType.VERSIONED, name + "/up.sql", upFile, up, 1, down,
                    down == null ? null : name + "/down.sql", down == null ? null : downFile, 1, noTx));
        }
    }

    @Override
    public List<Path> create(Path location, Version version, String description, ScriptText text) {
        String v = version.toString();
        String dashed = v.length() == 14
                ? v.substring(0, 4) + "-" + v.substring(4, 6) + "-" + v.substring(6, 8) + "-" + v.substring(8) : v;
        Path dir = location.resolve(dashed + "_" + ScriptFiles.slug(description));
        Path up = dir.resolve("up.sql");
        Path down = dir.resolve("down.sql");
        return ScriptFiles.writePair(up, down, text);
    }

    @Override
    public Version nextVersion(List<Version> existing) {
        return ScriptFiles.nextNumber(existing);
    }
}
