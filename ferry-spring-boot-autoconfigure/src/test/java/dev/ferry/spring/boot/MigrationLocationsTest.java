package dev.ferry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

class MigrationLocationsTest {
    @TempDir
    Path dir;

    @Test
    void migrationsInsideAJarAreCopiedOutWithTheirNamesAndContent() throws Exception {
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            // Directory entries too, as Maven and Spring Boot write them.
            for (String folder : List.of("db/", "db/migration/", "db/other/")) {
                out.putNextEntry(new JarEntry(folder));
                out.closeEntry();
            }
            add(out, "db/migration/V1__create_boats.sql", "CREATE TABLE boats (id INT);\n");
            add(out, "db/migration/V2__add_name.sql", "ALTER TABLE boats ADD COLUMN name TEXT;\n");
            add(out, "db/other/V1__elsewhere.sql", "SELECT 1;\n");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            List<Path> dirs = new MigrationLocations(new PathMatchingResourcePatternResolver(loader), dir)
                    .resolve(List.of("classpath:db/migration/"));

            try (var files = Files.list(dirs.get(0))) {
                assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly("V1__create_boats.sql", "V2__add_name.sql");
            }
            assertThat(dirs.get(0).resolve("V2__add_name.sql")).hasContent("ALTER TABLE boats ADD COLUMN name TEXT;");
        }
    }

    @Test
    void aClasspathDirectoryIsScannedWhereItIs() throws Exception {
        List<Path> dirs = new MigrationLocations(new PathMatchingResourcePatternResolver(), dir).resolve(List.of("classpath:db/migration"));

        assertThat(dirs.get(0)).isEqualTo(Path.of(getClass().getResource("/db/migration").toURI()));
    }

    @Test
    void directoriesResolveUnderTheProjectDirectoryAndAMissingClasspathFolderStaysMissing() {
        List<Path> dirs = new MigrationLocations(new PathMatchingResourcePatternResolver(), dir)
                .resolve(List.of("filesystem:sql/up", "more", "classpath:no/such/folder"));

        assertThat(dirs.get(0)).isEqualTo(dir.resolve("sql/up"));
        assertThat(dirs.get(1)).isEqualTo(dir.resolve("more"));
        assertThat(dirs.get(2)).doesNotExist().asString().endsWith("no/such/folder");
    }

    private static void add(JarOutputStream out, String name, String text) throws Exception {
        out.putNextEntry(new JarEntry(name));
        OutputStream entry = out;
        entry.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
