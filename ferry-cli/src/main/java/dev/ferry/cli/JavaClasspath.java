package dev.ferry.cli;

import dev.ferry.FerryException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class path Java migrations are loaded from: the {@code --classpath} entries (folders of
 * classes and jars) and every jar in the project's {@code lib/} folder, over Ferry's own classes.
 */
final class JavaClasspath {
    private JavaClasspath() {
    }

    /** The loader for {@code classpath:} locations, or {@code null} when there is nothing to add to Ferry's own class path. */
    static ClassLoader loader(List<String> entries, Path workDir, Path projectDir) {
        List<URL> urls = new ArrayList<>();
        for (String entry : entries == null ? List.<String>of() : entries) {
            Path path = workDir.resolve(entry).normalize();
            if (!Files.exists(path)) {
                throw FerryException.invalidInput("--classpath entry " + path + " does not exist; give folders of compiled classes or jars");
            }
            urls.add(url(path));
        }
        Path lib = projectDir.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(p -> urls.add(url(p)));
            } catch (IOException e) {
                throw FerryException.failure("Cannot list " + lib + ": " + e.getMessage(), e);
            }
        }
        if (urls.isEmpty()) {
            return null;
        }
        return new URLClassLoader(urls.toArray(URL[]::new), JavaClasspath.class.getClassLoader());
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw FerryException.invalidInput("Cannot use " + path + " on the class path: " + e.getMessage());
        }
    }
}
