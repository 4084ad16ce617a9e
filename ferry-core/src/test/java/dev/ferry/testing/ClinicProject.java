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
import java.util.stream.Stream;

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

    /** Copies the example's migrations into {@code projectDir/migrations}, for a CLI project of one's own. */
    public static void copyMigrations(Path projectDir) throws IOException {
        Path into = Files.createDirectories(projectDir.resolve("migrations"));
        try (Stream<Path> files = Files.list(exampleDir().resolve("migrations"))) {
            for (Path f : files.toList()) {
                Files.copy(f, into.resolve(f.getFileName()));
            }
        }
    }

    /**
     * A CLI project moving the legacy clinic in {@code legacy} into {@code target} (environments
     * {@code legacy} and {@code development}): ferry.yaml, the example's transfer plan and migrations.
     */
    public static void writeTransferProject(Path projectDir, TestDatabase legacy, TestDatabase target, boolean protectedTarget)
            throws IOException {
        copyMigrations(projectDir);
        java.nio.file.Files.writeString(projectDir.resolve("ferry.yaml"), "transfer:\n  plan: transfer.yaml\nenvironments:\n"
                + "  development:\n    url: " + target.url() + "\n    user: postgres\n" + (protectedTarget ? "    protected: true\n" : "")
                + "  legacy:\n    url: " + legacy.url() + "\n    user: postgres\n");
        java.nio.file.Files.copy(exampleDir().resolve("transfer.yaml"), projectDir.resolve("transfer.yaml"));
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

    /** The example's UUID schema written for MariaDB (10.7+ has a UUID type). */
    private static final String[] MARIADB_TARGET = {
        "CREATE TABLE offices (id UUID PRIMARY KEY, name VARCHAR(200) NOT NULL, address TEXT, phone VARCHAR(40), city VARCHAR(80), "
                + "created_at DATETIME(6) NOT NULL)",
        "CREATE TABLE profiles (id UUID PRIMARY KEY, email VARCHAR(254) NOT NULL, first_name VARCHAR(100), last_name VARCHAR(100), "
                + "full_name VARCHAR(201), active BOOLEAN NOT NULL, joined_at DATETIME(6) NOT NULL)",
        "CREATE TABLE doctors (id UUID PRIMARY KEY, office_id UUID NOT NULL, profile_id UUID NOT NULL, specialty VARCHAR(100), "
                + "license_number VARCHAR(40), FOREIGN KEY (office_id) REFERENCES offices (id), FOREIGN KEY (profile_id) REFERENCES profiles (id))",
        "CREATE TABLE patients (id UUID PRIMARY KEY, office_id UUID NOT NULL, doctor_id UUID NOT NULL, profile_id UUID, date_of_birth DATE, "
                + "notes TEXT, sex VARCHAR(6), CONSTRAINT patients_doctor FOREIGN KEY (doctor_id) REFERENCES doctors (id), "
                + "CONSTRAINT patients_office FOREIGN KEY (office_id) REFERENCES offices (id), INDEX patients_sex (sex))",
        "CREATE TABLE orders (id UUID PRIMARY KEY, patient_id UUID NOT NULL, amount DECIMAL(12, 2) NOT NULL CHECK (amount >= 0), "
                + "status VARCHAR(20) NOT NULL, item_count INT, currency CHAR(3), details JSON, created_at DATETIME(6) NOT NULL, "
                + "CONSTRAINT orders_patient FOREIGN KEY (patient_id) REFERENCES patients (id))"
    };

    /** Creates the example's new schema on a MariaDB target (the example's migrations are PostgreSQL's). */
    public static void createMariaDbTarget(TestDatabase target) {
        try (java.sql.Connection c = target.database().connect("test"); java.sql.Statement st = c.createStatement()) {
            for (String ddl : MARIADB_TARGET) {
                st.execute(ddl);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
