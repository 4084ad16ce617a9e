package dev.ferry.cli;

import dev.ferry.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Writes the clinic example project (packaged in the jar from examples/clinic) into a directory. */
final class DemoProject {
    private static final String ROOT = "dev/ferry/cli/demo";

    private DemoProject() {
    }

    static void write(Path project) throws IOException {
        URI uri;
        try {
            var url = DemoProject.class.getClassLoader().getResource(ROOT);
            if (url == null) {
                throw FerryException.failure("The demo project is missing from this build (" + ROOT + ")", null);
            }
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw FerryException.failure("Cannot locate the demo project", e);
        }
        if (uri.getScheme().equals("jar")) {
            try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                copy(fs.getPath(ROOT), project);
            }
        } else {
            copy(Path.of(uri), project);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Path migrations = to.resolve("migrations");
        if (Files.isDirectory(migrations)) {
            try (Stream<Path> old = Files.list(migrations)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            Path target = to.resolve(from.relativize(f).toString());
            Files.createDirectories(target.getParent());
            try (InputStream in = Files.newInputStream(f)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
