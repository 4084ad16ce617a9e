package dev.ferry.testing;

import dev.ferry.config.EnvironmentSettings;
import dev.ferry.db.Database;
import dev.ferry.examples.ClinicData;
import dev.ferry.migration.MigrateOptions;
import dev.ferry.migration.MigrationListener;
import dev.ferry.migration.SchemaMigrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The clinic example as a test fixture: a legacy source database filled by {@link ClinicData},
 * a target migrated with the example's migrations, and the example plan pointing at both.
 */
public final class ClinicProject {
    private ClinicProject() {
    }

    /** The repository's examples/clinic folder. */
    public static Path exampleDir() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/clinic"))) {
                return p.resolve("examples/clinic");
            }
        }
        throw new IllegalStateException("examples/clinic not found above " + here);
    }

    public static void migrateTarget(TestDatabase target, Path projectDir) {
        EnvironmentSettings s = Projects.settings(projectDir, target, exampleDir().resolve("migrations"));
        Database db = target.database();
        new SchemaMigrations(s, () -> db, MigrationListener.NONE).migrate(MigrateOptions.DEFAULTS);
    }

    /** Writes the example plan with the test databases' URLs as source and target. */
    public static Path plan(Path dir, TestDatabase source, TestDatabase target) {
        try {
            String plan = Files.readString(exampleDir().resolve("transfer.yaml"))
                    .replace("source: legacy", "source: " + connection(source))
                    .replace("target: development", "target: " + connection(target));
            Path file = dir.resolve("transfer.yaml");
            Files.writeString(file, plan);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String connection(TestDatabase db) {
        return "{url: \"" + db.url() + "\", user: " + db.user() + (db.password() == null || db.password().isEmpty() ? "" : ", password: \"" + db.password() + "\"") + "}";
    }

    public static ClinicData.Counts fillSource(TestDatabase source, double scale) {
        return ClinicData.create(source.database(), scale);
    }

    public static List<String> targetTables() {
        return List.of("offices", "profiles", "doctors", "patients", "orders");
    }
}
