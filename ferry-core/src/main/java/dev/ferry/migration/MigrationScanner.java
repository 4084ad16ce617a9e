package dev.ferry.migration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every location and merges what it finds into one ordered sequence: versioned migrations
 * by version, then repeatable ones by description. Two files claiming one version are reported
 * as an error naming both, which is what two branches merged together usually produce. Java
 * migrations, found in {@code classpath:} locations or given as instances, take their place by
 * version among the scripts.
 */
final class MigrationScanner {
    private final String layout;

    public MigrationScanner(String layout) {
        this.layout = layout;
    }

    public ScanResult scan(List<Path> locations) {
        return scan(locations, List.of(), JavaMigrations.DEFAULT);
    }

    public ScanResult scan(List<Path> locations, List<String> packages, JavaMigrations java) {
        ScanResult result = new ScanResult();
        for (Path location : locations) {
            if (!Files.isDirectory(location)) {
                result.note(location, "location does not exist (yet); nothing to read there");
                continue;
            }
            scanFolder(location, result);
        }
        Set<String> given = new HashSet<>();
        for (JavaMigration code : java.instances()) {
            given.add(JavaMigrationNames.className(code));
            JavaMigrationNames.migration(code).ifPresentOrElse(result::add, () -> result.error(Path.of(code.getClass().getName()),
                    "a Java migration's class must be named V<version>__<description>, e.g. V12__Backfill_slugs"));
        }
        ClasspathScanner classpath = new ClasspathScanner(java.classLoader(), given);
        for (String pkg : packages) {
            classpath.scan(pkg, result, this::scanFolder);
        }
        result.migrations().sort(ORDER);
        reportDuplicates(result);
        return result;
    }

    private void scanFolder(Path location, ScanResult result) {
        Layouts.forLocation(location, layout).scan(location, result);
        collectCallbacks(location, result);
    }

    static final Comparator<Migration> ORDER = Comparator
            .comparing((Migration m) -> m.version() == null ? 1 : 0)
            .thenComparing(m -> m.version(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Migration::description);

    private static void collectCallbacks(Path location, ScanResult result) {
        for (Path file : ScriptFiles.list(location)) {
            CallbackEvent.forFile(file.getFileName().toString())
                    .ifPresent(event -> result.addCallback(new CallbackScript(event, file, ScriptFiles.read(file))));
        }
    }

    private static void reportDuplicates(ScanResult result) {
        Map<Version, Migration> byVersion = new HashMap<>();
        Map<String, Migration> byDescription = new HashMap<>();
        List<Migration> duplicates = new ArrayList<>();
        for (Migration m : result.migrations()) {
            Migration earlier = m.version() != null ? byVersion.putIfAbsent(m.version(), m)
                    : byDescription.putIfAbsent(m.description(), m);
            if (earlier != null && earlier.script().equals(m.script()) && earlier.checksum().equals(m.checksum())) {
                // The same script reached twice on a class path, e.g. a resource folder and its copy in the build output.
                duplicates.add(m);
            } else if (earlier != null) {
                String what = m.version() != null ? "version " + m.version() : "repeatable '" + m.description() + "'";
                result.error(m.source(), "duplicate " + what + ": also claimed by " + earlier.source()
                        + ". Renumber one of them (usually the one from the branch merged last)");
                duplicates.add(m);
            }
        }
        result.migrations().removeAll(duplicates);
    }
}
