package dev.ferry.config;

import java.util.List;

/**
 * The two kinds of {@code locations} entries: folders ({@code migrations}, or {@code filesystem:migrations}
 * as Flyway users write it) and packages on the class path ({@code classpath:db/migration}).
 */
final class Locations {
    static final String CLASSPATH = "classpath:";
    static final String FILESYSTEM = "filesystem:";

    private Locations() {
    }

    static List<String> folders(List<String> names) {
        return names.stream().filter(n -> !n.startsWith(CLASSPATH))
                .map(n -> n.startsWith(FILESYSTEM) ? n.substring(FILESYSTEM.length()) : n).toList();
    }

    /** The packages as resource paths, without the prefix or slashes around them: {@code db/migration}. */
    static List<String> packages(List<String> names) {
        return names.stream().filter(n -> n.startsWith(CLASSPATH))
                .map(n -> n.substring(CLASSPATH.length()).replace('.', '/').replaceAll("^/+|/+$", "")).toList();
    }
}
