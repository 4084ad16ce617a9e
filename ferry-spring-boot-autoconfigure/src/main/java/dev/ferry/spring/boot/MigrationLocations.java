package dev.ferry.spring.boot;

import dev.ferry.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Turns {@code ferry.locations} into the directories Ferry scans. A {@code classpath:} location
 * that is a directory (an IDE, {@code mvn test}) is scanned where it is; one inside a jar (the
 * packaged application; every jar holding that folder) is copied to a temporary directory first, with its file names, so
 * checksums and history match either way.
 */
final class MigrationLocations {
    private static final String CLASSPATH = "classpath:";
    private static final String FILESYSTEM = "filesystem:";

    private final ResourcePatternResolver resources;
    private final Path projectDir;

    MigrationLocations(ResourcePatternResolver resources, Path projectDir) {
        this.resources = resources;
        this.projectDir = projectDir;
    }

    List<Path> resolve(List<String> locations) {
        List<Path> dirs = new ArrayList<>();
        for (String location : locations) {
            dirs.add(resolve(location.trim()));
        }
        return dirs;
    }

    private Path resolve(String location) {
        if (location.startsWith(CLASSPATH)) {
            return classpath(trimSlashes(location.substring(CLASSPATH.length())));
        }
        String path = location.startsWith(FILESYSTEM) ? location.substring(FILESYSTEM.length()) : location;
        return projectDir.resolve(path).normalize();
    }

    private Path classpath(String folder) {
        try {
            Resource root = resources.getResource(CLASSPATH + folder);
            if (!root.exists()) {
                // Ferry notes a missing location itself; a path that cannot exist says which one it was.
                return projectDir.resolve("classpath").resolve(folder);
            }
            URL url = root.getURL();
            if ("file".equals(url.getProtocol())) {
                return Path.of(root.getURI());
            }
            return copy(folder);
        } catch (IOException | java.net.URISyntaxException e) {
            throw FerryException.failure("Reading the migrations at classpath:" + folder + ": " + e.getMessage(), e);
        }
    }

    private Path copy(String folder) throws IOException, java.net.URISyntaxException {
        Path target = Files.createTempDirectory("ferry-" + folder.replace('/', '-'));
        target.toFile().deleteOnExit();
        String marker = "/" + folder + "/";
        for (Resource file : resources.getResources("classpath*:" + folder + "/**")) {
            String url = file.getURL().toString();
            int at = url.lastIndexOf(marker);
            if (at < 0 || url.endsWith("/") || !file.isReadable()) {
                continue;
            }
            Path copy = target.resolve(url.substring(at + marker.length())).normalize();
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
