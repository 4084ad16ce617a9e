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
            add(out, "db/migration/V3__Backfill_names.class", "not read, only named");
            add(out, "db/migration/V3__Backfill_names$Row.class", "a nested class");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            MigrationLocations.Resolved resolved = new MigrationLocations(new PathMatchingResourcePatternResolver(loader), dir)
                    .resolve(List.of("classpath:db/migration/"));
            List<Path> dirs = resolved.folders();

            try (var files = Files.list(dirs.get(0))) {
                assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly("V1__create_boats.sql", "V2__add_name.sql");
            }
            assertThat(dirs.get(0).resolve("V2__add_name.sql")).hasContent("ALTER TABLE boats ADD COLUMN name TEXT;");
            assertThat(resolved.classesInJars()).containsExactly("db.migration.V3__Backfill_names");
            assertThat(resolved.packages()).isEmpty();
        }
    }

    @Test
    void aClasspathDirectoryStaysAPackageForFerryToReadScriptsAndClassesFrom() {
        MigrationLocations.Resolved resolved = new MigrationLocations(new PathMatchingResourcePatternResolver(), dir)
                .resolve(List.of("classpath:/db/migration/"));

        assertThat(resolved.packages()).containsExactly("db/migration");
        assertThat(resolved.folders()).isEmpty();
    }

    @Test
    void directoriesResolveUnderTheProjectDirectoryAndAMissingClasspathFolderIsLeftToFerryToReport() {
        MigrationLocations.Resolved resolved = new MigrationLocations(new PathMatchingResourcePatternResolver(), dir)
                .resolve(List.of("filesystem:sql/up", "more", "classpath:no/such/folder"));

        assertThat(resolved.folders()).containsExactly(dir.resolve("sql/up"), dir.resolve("more"));
        assertThat(resolved.packages()).containsExactly("no/such/folder");
    }

    private static void add(JarOutputStream out, String name, String text) throws Exception {
        out.putNextEntry(new JarEntry(name));
        OutputStream entry = out;
        entry.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
