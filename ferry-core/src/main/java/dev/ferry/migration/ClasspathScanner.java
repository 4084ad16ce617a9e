package dev.ferry.migration;

import dev.ferry.FerryException;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Reads {@code classpath:} locations: every folder or jar on the class path that holds the package
 * gives its scripts (read as a folder location is) and its classes named {@code V<version>__<description>}.
 */
final class ClasspathScanner {
    private final ClassLoader loader;
    private final Set<String> given;

    /** @param given class names handed over as instances; scanning skips them */
    ClasspathScanner(ClassLoader loader, Set<String> given) {
        this.loader = loader;
        this.given = given;
    }

    /** @param scripts reads the scripts of one folder, as for a folder location */
    void scan(String pkg, ScanResult result, BiConsumer<Path, ScanResult> scripts) {
        List<URL> urls;
        try {
            urls = Collections.list(loader.getResources(pkg));
        } catch (IOException e) {
            throw FerryException.failure("Cannot read classpath:" + pkg + ": " + e.getMessage(), e);
        }
        if (urls.isEmpty()) {
            result.note(Path.of("classpath:" + pkg), "no folder or jar on the class path holds this package; nothing to read there");
        }
        for (URL url : urls) {
            if (url.getProtocol().equals("file")) {
                Path folder = Path.of(toUri(url));
                scripts.accept(folder, result);
                scanClasses(pkg, folder, result);
            } else if (url.getProtocol().equals("jar") && url.getPath().startsWith("file:")) {
                String[] parts = url.getPath().split("!/", 2);
                try (FileSystem jar = FileSystems.newFileSystem(Path.of(URI.create(parts[0])))) {
                    Path folder = jar.getPath("/" + parts[1]);
                    scripts.accept(folder, result);
                    scanClasses(pkg, folder, result);
                } catch (IOException e) {
                    throw FerryException.failure("Cannot read " + url + ": " + e.getMessage(), e);
                }
            } else {
                result.error(Path.of("classpath:" + pkg), "found at " + url + ", which Ferry cannot list; "
                        + "hand the Java migrations over as instances (JavaMigrations.of) and keep the scripts in a folder");
            }
        }
    }

    private void scanClasses(String pkg, Path folder, ScanResult result) {
        for (Path file : ScriptFiles.walk(folder)) {
            String fileName = file.getFileName().toString();
            if (!fileName.endsWith(".class") || fileName.contains("$")) {
                continue;
            }
            String simpleName = fileName.substring(0, fileName.length() - ".class".length());
            if (!JavaMigrationNames.looksLikeMigration(simpleName)) {
                continue;
            }
            String relative = folder.relativize(file).toString().replace(folder.getFileSystem().getSeparator(), "/");
            String className = ((pkg.isEmpty() ? "" : pkg + "/") + relative.substring(0, relative.length() - ".class".length()))
                    .replace('/', '.');
            if (!given.contains(className)) {
                instantiate(className, file, result);
            }
        }
    }

    private void instantiate(String className, Path file, ScanResult result) {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            result.error(file, "cannot load " + className + ": " + e);
            return;
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            return;
        }
        if (!JavaMigration.class.isAssignableFrom(type)) {
            result.error(file, className + " is named like a migration but does not implement " + JavaMigration.class.getName()
                    + "; implement it, or rename the class");
            return;
        }
        JavaMigration code;
        try {
            code = (JavaMigration) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            result.error(file, "cannot create " + className + " (it needs a public constructor without arguments): " + e);
            return;
        }
        JavaMigrationNames.migration(code).ifPresent(result::add);
    }

    private static URI toUri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw FerryException.failure("Cannot read " + url + ": " + e.getMessage(), e);
        }
    }
}
