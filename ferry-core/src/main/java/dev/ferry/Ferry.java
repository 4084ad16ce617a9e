package dev.ferry;

import dev.ferry.backup.BackupOptions;
import dev.ferry.backup.Backups;
import dev.ferry.backup.RestoreOptions;
import dev.ferry.backup.RestoreResult;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.ConfigOverrides;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.config.ProjectConfig;
import dev.ferry.dashboard.Dashboard;
import dev.ferry.dashboard.EnvironmentParts;
import dev.ferry.db.Database;
import dev.ferry.deploy.DeployOptions;
import dev.ferry.deploy.DeployResult;
import dev.ferry.deploy.Deployment;
import dev.ferry.doctor.Doctor;
import dev.ferry.doctor.DoctorOptions;
import dev.ferry.doctor.DoctorReport;
import dev.ferry.migration.JavaMigrations;
import dev.ferry.migration.MigrationListener;
import dev.ferry.migration.SchemaMigrations;
import dev.ferry.protection.Protection;
import dev.ferry.retention.Retention;
import dev.ferry.rekey.BeforeExpand;
import dev.ferry.rekey.RekeyPlanLoader;
import dev.ferry.rekey.Rekeys;
import dev.ferry.schema.Schemas;
import dev.ferry.seed.Seeds;
import dev.ferry.snapshot.Snapshots;
import dev.ferry.transfer.TargetBackups;
import dev.ferry.transfer.TransferListener;
import dev.ferry.transfer.Transfers;
import dev.ferry.transfer.plan.ConnectionSpec;
import dev.ferry.transfer.plan.PlanLoader;
import dev.ferry.transfer.transform.Transforms;
import dev.ferry.verify.Verification;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The entry point of Ferry's Java API: one environment of one project. It only wires: each
 * capability is built from the project's configuration and a database supplier, and does the work.
 *
 * <pre>{@code
 * try (Ferry ferry = Ferry.load(Path.of("."), null, ConfigOverrides.NONE)) {
 *     MigrateResult result = ferry.migrations().migrate(MigrateOptions.DEFAULTS);
 *     TransferResult moved = ferry.transfers(null, TransferListener.NONE).run(TransferOptions.DEFAULTS);
 * }
 * // or with an application's own pool:
 * try (Ferry ferry = Ferry.builder().projectDir(dir).dataSource(dataSource).build()) { ... }
 * }</pre>
 *
 * When an environment has no URL (and no DataSource was given), the embedded PostgreSQL is started
 * on first use and stopped by {@link #close()} (unless another Ferry process still uses it).
 */
public final class Ferry implements AutoCloseable {
    private final ProjectConfig project;
    private final EnvironmentSettings settings;
    private final Environments environments;
    private final boolean ownsEnvironments;
    private final Map<String, Ferry> others = new LinkedHashMap<>();
    private MigrationListener listener = MigrationListener.NONE;
    private JavaMigrations javaMigrations = JavaMigrations.DEFAULT;

    private Ferry(ProjectConfig project, EnvironmentSettings settings, Environments environments, boolean ownsEnvironments) {
        this.project = project;
        this.settings = settings;
        this.environments = environments;
        this.ownsEnvironments = ownsEnvironments;
    }

    private static Ferry open(ProjectConfig project, Database given) {
        EnvironmentSettings selected = project.environment();
        if (given != null) {
            selected = selected.withConnection(given.url(), given.user(), null);
        }
        return new Ferry(project, selected, new Environments(project, selected, given), true);
    }

    /** Reads ferry.yaml (or {@code configFile}) in {@code workDir}, with {@code FERRY_*} variables and the given overrides. */
    public static Ferry load(Path workDir, Path configFile, ConfigOverrides overrides) {
        return of(new ConfigLoader(System.getenv()).project(workDir, configFile, overrides));
    }

    /** A project read already, at its selected environment. */
    public static Ferry of(ProjectConfig project) {
        return open(project, null);
    }

    /** Hand-built settings; other environments, the plan and the seeds come from ferry.yaml beside them, if any. */
    public static Ferry of(EnvironmentSettings settings) {
        return of(ProjectConfig.around(settings));
    }

    /**
     * Hand-built settings over an application's own {@link DataSource}, whose connections Ferry
     * borrows and returns; what a framework integration uses when its settings come from the
     * framework's configuration rather than ferry.yaml.
     */
    public static Ferry of(EnvironmentSettings settings, DataSource dataSource) {
        return open(ProjectConfig.around(settings), Database.of(dataSource));
    }

    /** A Ferry for a project directory, optionally over an application's own {@link DataSource}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Where one-line notices go, such as "using the embedded PostgreSQL". */
    public Ferry onNotice(Consumer<String> consumer) {
        environments.notices(consumer);
        return this;
    }

    public Ferry withListener(MigrationListener l) {
        this.listener = l;
        return this;
    }

    /** Where Java migrations come from: the class loader {@code classpath:} locations are read through, and instances. */
    public Ferry withJavaMigrations(JavaMigrations java) {
        this.javaMigrations = java;
        return this;
    }

    public EnvironmentSettings settings() {
        return settings;
    }

    /** The project configuration this Ferry was opened from. */
    public ProjectConfig project() {
        return project;
    }

    /** The environment's database, starting the embedded PostgreSQL if the environment has no URL. */
    public Database database() {
        return environments.database(settings.name());
    }

    public SchemaMigrations migrations() {
        return new SchemaMigrations(settings, this::database, listener, javaMigrations,
                () -> backups().backup(BackupOptions.DEFAULTS).archive());
    }

    /** Backups and restores of this environment's tables. */
    public Backups backups() {
        return new Backups(settings, this::database, name -> environment(name).backups());
    }

    /** In-database snapshots of this environment's tables: create, list, restore, drop. */
    public Snapshots snapshots() {
        return new Snapshots(this::database, settings.stateDir(), settings.name(), settings.protectedEnvironment());
    }

    /**
     * The seed files of this environment ({@code seeds/<environment>/}, or under ferry.yaml's
     * {@code seeds.location}); {@code --validate} runs the integrity checks.
     */
    public Seeds seeds() {
        return new Seeds(settings, this::database, project.seedsLocation(), verification()::integrity);
    }

    /** The protected-data API: audit trail, snapshots, checks and recovery of the rows declared under {@code protected_data}. */
    public Protection protection() {
        return new Protection(settings, this::database, project.protectedData());
    }

    /** The health report of this environment; with {@code options.recover()} lost protected rows are restored first. */
    public DoctorReport doctor(DoctorOptions options) {
        return new Doctor(settings, database(), migrations(), protection(), schema(), retention()).examine(options);
    }

    /** ferry.yaml's {@code retention:} rules applied to this environment's backups, snapshots, runs, transfer state and audit trail. */
    public Retention retention() {
        return new Retention(settings, this::database, project.retention(), backups(), snapshots(), protection());
    }

    /** The environment's schema as the server describes it: snapshots, diffs, and drift from the applied migrations. */
    public Schemas schema() {
        return new Schemas(settings, this::database, name -> environment(name).schema(), javaMigrations);
    }

    /** Integrity checks, transfer verification and the fixes with their undo. */
    public Verification verification() {
        return new Verification(settings, this::database, project.variables(), plan -> transfers(plan, TransferListener.NONE),
                this::databaseFor);
    }

    /**
     * A guarded deployment of this environment: preflight, backup, migrate, optionally seed, then
     * verify integrity, stopping at the first failing step. A failed step is reported in the result
     * (with the restore command for the backup taken), not thrown; refusals for safety are thrown.
     */
    public DeployResult deploy(DeployOptions options) {
        return new Deployment(settings, this::database, migrations(), backups(), seeds(), verification(), schema()).deploy(options);
    }

    /**
     * The data-transfer API for a plan.
     *
     * @param planFile the plan, or {@code null} for ferry.yaml's {@code transfer.plan} (default {@code transfer.yaml})
     */
    public Transfers transfers(Path planFile, TransferListener transferListener) {
        Path plan = project.transferPlan(planFile);
        Transforms transforms = new Transforms(Thread.currentThread().getContextClassLoader());
        return new Transfers(new PlanLoader(project.variables(), transforms).load(plan), this::databaseFor, transforms,
                settings.stateDir(), transferListener, this::isProtected, new TargetBackups() {
                    @Override
                    public Path backup(ConnectionSpec target, List<String> tables) {
                        return backupsFor(target).backup(BackupOptions.DEFAULTS.withTables(tables)).archive();
                    }

                    @Override
                    public RestoreResult restore(ConnectionSpec target, Path archive, List<String> tables) {
                        // Transfers has checked the confirmation (and --confirm on a protected target) already.
                        return backupsFor(target).restore(RestoreOptions.of(archive).withTables(tables).withConfirmed(true)
                                .withAllowProtected(true));
                    }
                });
    }

    /**
     * The data behind {@code ferry serve}: every environment of the project (this one first shown),
     * the transfer plan's runs, and the reports under {@code .ferry/}.
     */
    public Dashboard dashboard() {
        List<String> names = new ArrayList<>(project.environmentNames());
        if (!names.contains(settings.name())) {
            names.add(0, settings.name());
        }
        return new Dashboard(settings.name(), names, name -> {
            Ferry env = environment(name);
            return new EnvironmentParts(name, env.migrations(), env.schema(), env.backups(), env.snapshots(), env.protection(),
                    env.verification(), () -> env.doctor(DoctorOptions.CHECK_ONLY));
        }, () -> transfers(null, TransferListener.NONE), settings.stateDir());
    }

    /**
     * Re-keying this environment's database in place, integer keys to UUIDs.
     *
     * @param planFile the rekey plan, or {@code null} for {@code rekey.yaml} beside ferry.yaml
     */
    public Rekeys rekeys(Path planFile) {
        return new Rekeys(new RekeyPlanLoader(project.variables()).load(project.rekeyPlan(planFile)), this::database, settings.stateDir(),
                () -> backups().archives(), settings.protectedEnvironment(), (kind, tables) -> kind == BeforeExpand.BACKUP
                        ? backups().backup(BackupOptions.DEFAULTS).archive().toString() : snapshots().create(tables).snapshotId());
    }

    /** Another environment of the same project (this one for its own name), sharing this one's databases. */
    public synchronized Ferry environment(String name) {
        if (name.equals(settings.name())) {
            return this;
        }
        return others.computeIfAbsent(name, n -> new Ferry(project, environments.settings(n), environments, false));
    }

    /** Whether a plan's source or target is a protected environment; a bare URL counts as this environment. */
    public boolean isProtected(ConnectionSpec spec) {
        if (spec.url() != null) {
            return settings.protectedEnvironment();
        }
        return environments.settings(spec.environment()).protectedEnvironment();
    }

    /** The database a plan's source or target names: an environment of this project, or a URL. */
    public Database databaseFor(ConnectionSpec spec) {
        if (spec.url() != null) {
            return new Database(spec.url(), spec.user(), spec.password(), (int) Math.max(1, settings.connectTimeout().toSeconds()));
        }
        return environments.database(spec.environment());
    }

    /**
     * The backups of a plan's source or target; for a bare URL, this environment's settings with
     * that URL (so archives are named, kept and protected as this environment's).
     */
    private Backups backupsFor(ConnectionSpec spec) {
        if (spec.url() == null) {
            return environment(spec.environment()).backups();
        }
        return new Backups(settings.withConnection(spec.url(), spec.user(), spec.password()), () -> databaseFor(spec),
                name -> environment(name).backups());
    }

    @Override
    public synchronized void close() {
        others.clear();
        if (ownsEnvironments) {
            environments.close();
        }
    }

    /**
     * Opens a Ferry for a project directory. Without a DataSource the environment's URL (or the
     * embedded PostgreSQL) is used; with one, Ferry borrows the application's connections for the
     * selected environment, and a plan's other environments still come from ferry.yaml.
     */
    public static final class Builder {
        private Path projectDir = Path.of("");
        private Path configFile;
        private ConfigOverrides overrides = ConfigOverrides.NONE;
        private String environment;
        private DataSource dataSource;
        private Map<String, String> variables = System.getenv();
        private JavaMigrations javaMigrations = JavaMigrations.DEFAULT;

        private Builder() {
        }

        /** Where ferry.yaml, the migrations and {@code .ferry/} are (default: the working directory). */
        public Builder projectDir(Path dir) {
            this.projectDir = dir;
            return this;
        }

        /** Another configuration file than {@code ferry.yaml}, relative to the project directory. */
        public Builder configFile(Path file) {
            this.configFile = file;
            return this;
        }

        public Builder environment(String name) {
            this.environment = name;
            return this;
        }

        /** Values that win over {@code FERRY_*} variables and the file, as command-line flags do. */
        public Builder overrides(ConfigOverrides values) {
            this.overrides = values;
            return this;
        }

        /** The selected environment's database: an application's pool, whose connections Ferry borrows and returns. */
        public Builder dataSource(DataSource ds) {
            this.dataSource = ds;
            return this;
        }

        /** The variables {@code FERRY_*} settings and {@code ${env:...}} references read (default: the process's). */
        public Builder variables(Map<String, String> values) {
            this.variables = Map.copyOf(values);
            return this;
        }

        /** Java migrations given as instances, or the class loader {@code classpath:} locations are read through. */
        public Builder javaMigrations(JavaMigrations java) {
            this.javaMigrations = java;
            return this;
        }

        public Ferry build() {
            ConfigOverrides chosen = environment == null ? overrides
                    : new ConfigOverrides(environment, null, null, null, null, null, null, null, null, null).over(overrides);
            ProjectConfig project = new ConfigLoader(variables).project(projectDir.toAbsolutePath(), configFile, chosen);
            return open(project, dataSource == null ? null : Database.of(dataSource)).withJavaMigrations(javaMigrations);
        }
    }
}
