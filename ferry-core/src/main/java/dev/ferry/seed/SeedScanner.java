package dev.ferry.seed;

import dev.ferry.FerryException;
import dev.ferry.config.Utf8Text;
import dev.ferry.migration.Checksum;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds an environment's seed files ({@code .sql}, {@code .csv}, {@code .yaml}/{@code .yml}, in
 * subfolders too) in path order, and reads what each one is before anything is applied, so a file
 * that does not parse, or is not UTF-8 text, stops the run while nothing has changed yet.
 */
final class SeedScanner {
    private static final Pattern ESSENTIAL_SQL = Pattern.compile("^\\s*--\\s*ferry:essential\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern ORDER_PREFIX = Pattern.compile("^[0-9]+[_-]+");

    private SeedScanner() {
    }

    /** The seed files and a note for every other file found. */
    record Scan(List<SeedFile> files, List<String> notes) {
    }

    static Scan scan(Path folder, Path projectDir) {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(folder)) {
            paths = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw FerryException.failure("Cannot list " + folder + ": " + e.getMessage(), e);
        }
        List<SeedFile> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Path p : paths) {
            String name = folder.relativize(p).toString().replace('\\', '/');
            String display = projectDir.relativize(p).toString().replace('\\', '/');
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".sql") || lower.endsWith(".csv") || lower.endsWith(".yaml") || lower.endsWith(".yml")) {
                Utf8Text.check(p, display);
            }
            if (lower.endsWith(".sql")) {
                files.add(new SeedFile(p, name, display, SeedKind.SQL, Checksum.of(p), sqlIsEssential(p, display), null, List.of(),
                        Map.of(), 0));
            } else if (lower.endsWith(".csv")) {
                files.add(CsvSeed.scan(p, name, display));
            } else if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
                files.add(YamlSeed.scan(p, name, display));
            } else if (!p.getFileName().toString().startsWith(".")) {
                notes.add(display + " is not a seed file (.sql, .csv, .yaml) and was ignored");
            }
        }
        return new Scan(files, notes);
    }

    /** {@code 020_profiles.csv} and {@code profiles.csv} fill {@code profiles}; {@code 030_app.profiles.csv} fills {@code app.profiles}. */
    static String tableFromFileName(Path file) {
        String base = file.getFileName().toString();
        base = base.substring(0, base.lastIndexOf('.'));
        return ORDER_PREFIX.matcher(base).replaceFirst("");
    }

    /** A {@code -- ferry:essential} line among the comment lines that open the file. */
    private static boolean sqlIsEssential(Path file, String display) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String s = line.replace("\uFEFF", "").strip();
                if (s.isEmpty()) {
                    continue;
                }
                if (!s.startsWith("--")) {
                    return false;
                }
                if (ESSENTIAL_SQL.matcher(s).find()) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw FerryException.failure("Cannot read " + display + ": " + e.getMessage(), e);
        }
    }
}
