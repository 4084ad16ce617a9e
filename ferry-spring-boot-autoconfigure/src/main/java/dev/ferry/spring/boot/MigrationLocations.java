package dev.ferry.spring.boot;

import dev.ferry.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Turns {@code ferry.locations} into what Ferry scans. A {@code classpath:} location found only in
 * directories (an IDE, {@code mvn test}) stays a package, so Ferry reads its scripts and its Java
 * migration classes through the application's class loader. One inside a jar (the packaged
 * application, whose nested jars Ferry cannot list) has its scripts copied to a temporary directory,
 * with their file names, so checksums and history match either way; its Java migration classes are
 * noted, as they run only when given as beans.
 */
final class MigrationLocations {
    private static final String CLASSPATH = "classpath:";
    private static final String FILESYSTEM = "filesystem:";
    private static final Pattern JAVA_MIGRATION = Pattern.compile("V\\d+(?:_\\d+)*__\\w+\\.class");

    private final ResourcePatternResolver resources;
    private final Path projectDir;

    MigrationLocations(ResourcePatternResolver resources, Path projectDir) {
        this.resources = resources;
        this.projectDir = projectDir;
    }

    /**
     * @param folders directories to scan, the copies of jar contents included
     * @param packages {@code classpath:} locations Ferry reads itself, e.g. {@code db/migration}
     * @param classesInJars Java migration classes found inside jars, which only a bean can run
     */
    record Resolved(List<Path> folders, List<String> packages, List<String> classesInJars) {
    }

    Resolved resolve(List<String> locations) {
        Resolved resolved = new Resolved(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (String location : locations) {
            resolve(location.trim(), resolved);
        }
        return resolved;
    }

    private void resolve(String location, Resolved resolved) {
        if (location.startsWith(CLASSPATH)) {
            classpath(trimSlashes(location.substring(CLASSPATH.length())), resolved);
            return;
        }
        String path = location.startsWith(FILESYSTEM) ? location.substring(FILESYSTEM.length()) : location;
        resolved.folders().add(projectDir.resolve(path).normalize());
    }

    private void classpath(String folder, Resolved resolved) {
        try {
            List<URL> roots = Collections.list(resources.getClassLoader().getResources(folder));
            // A package no directory or jar holds is Ferry's to report, as for ferry.yaml.
            if (roots.stream().allMatch(url -> "file".equals(url.getProtocol()))) {
                resolved.packages().add(folder);
            } else {
                resolved.folders().add(copy(folder, resolved.classesInJars()));
            }
        } catch (IOException e) {
            throw FerryException.failure("Reading the migrations at classpath:" + folder + ": " + e.getMessage(), e);
        }
    }

    private Path copy(String folder, List<String> classesInJars) throws IOException {
        Path target = Files.createTempDirectory("ferry-" + folder.replace('/', '-'));
        target.toFile().deleteOnExit();
        String marker = "/" + folder + "/";
        for (Resource file : resources.getResources("classpath*:" + folder + "/**")) {
            String url = file.getURL().toString();
            int at = url.lastIndexOf(marker);
            if (at < 0 || url.endsWith("/") || !file.isReadable()) {
                continue;
            }
            String relative = url.substring(at + marker.length());
            if (relative.endsWith(".class")) {
                String simpleName = relative.substring(relative.lastIndexOf('/') + 1);
                if (JAVA_MIGRATION.matcher(simpleName).matches()) {
                    classesInJars.add((folder + "/" + relative.substring(0, relative.length() - ".class".length())).replace('/', '.'));
                }
                continue;
            }
            Path copy = target.resolve(relative).normalize();
            if (!copy.startsWith(target)) {
                continue;
            }
            Files.createDirectories(copy.getParent());
            try (InputStream in = file.getInputStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            copy.toFile().deleteOnExit();
        }
        return target;
    }

    private static String trimSlashes(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
