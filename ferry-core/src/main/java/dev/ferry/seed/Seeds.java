package dev.ferry.seed;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.config.EnvironmentSettings;
import dev.ferry.db.Database;
import dev.ferry.db.Dialect;
import dev.ferry.db.TableRef;
import dev.ferry.db.Transactions;
import dev.ferry.run.RunJournal;
import dev.ferry.verify.IntegrityOptions;
import dev.ferry.verify.VerifyResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Environment seeds: the files in {@code seeds/<environment>/} applied in path order, each in its
 * own transaction, idempotently (rows upserted on their key), and recorded in
 * {@code ferry_seed_history} so an unchanged file is skipped and a changed one applies again.
 *
 * <pre>{@code
 * SeedResult r = ferry.seeds().apply(SeedOptions.DEFAULTS.withMinimal(true));
 * }</pre>
 */
public final class Seeds {
    private final EnvironmentSettings settings;
    private final Supplier<Database> database;
    private final Path location;
    private final Function<IntegrityOptions, VerifyResult> verifier;

    /**
     * @param location the folder holding one seed folder per environment
     * @param verifier runs the integrity checks for {@link SeedOptions#validate()}
     */
    public Seeds(EnvironmentSettings settings, Supplier<Database> database, Path location,
                 Function<IntegrityOptions, VerifyResult> verifier) {
        this.settings = settings;
        this.database = database;
        this.location = location;
        this.verifier = verifier;
    }

    /** This environment's seed folder. */
    public Path folder() {
        return location.resolve(settings.name());
    }

    public SeedResult apply(SeedOptions options) {
        if (options.clean() && settings.protectedEnvironment()) {
            throw new FerryException(ErrorCode.REFUSED_FOR_SAFETY, "Refusing to empty tables with --clean on '" + settings.name()
                    + "': it is marked protected in ferry.yaml. Seed without --clean (rows are upserted), or clean another environment");
        }
        Path folder = folder();
        String shown = display(folder);
        if (!Files.isDirectory(folder)) {
            throw FerryException.invalidInput("No seed folder for environment '" + settings.name() + "': create " + shown
                    + "/ with .sql, .csv or .yaml files (the location is seeds.location in ferry.yaml)");
        }
        SeedScanner.Scan scan = SeedScanner.scan(folder, settings.projectDir());
        List<SeedFile> selected = scan.files().stream().filter(f -> !options.minimal() || f.essential()).toList();
        Database db = database.get();
        Dialect d = db.dialect();
        try (Connection c = db.connect("ferry seed")) {
            if (!settings.schemas().isEmpty()) {
                d.useSchemas(c, settings.schemas());
            }
            String schema = d.currentSchema(c);
            Map<String, SeedTarget> targets = new SeedChecker(c, d, schema).check(selected);
            List<TableRef> tables = options.clean() ? TableCleaner.childrenFirst(c, d, schema, seededTables(c, d, schema, scan.files()))
                    : List.of();
            SeedHistory history = new SeedHistory(c, d, schema, settings.name());
            Map<String, String> applied = options.clean() ? Map.of() : history.appliedChecksums();
            Run run = new Run(scan, selected, targets, applied, shown, db.displayUrl(), options);
            if (options.dryRun()) {
                return run.dryRun(options.clean() ? TableCleaner.count(c, d, tables) : List.of());
            }
            return RunJournal.run(settings.stateDir(), "seed",
                    Map.of("environment", settings.name(), "database", db.displayUrl(), "folder", shown),
                    journal -> run.apply(c, d, history, tables, journal));
        } catch (SQLException e) {
            throw FerryException.sql("Seeding " + db.displayUrl(), e);
        }
    }

    /** Every existing table the folder's data files fill, essential or not: --clean empties them all. */
    private static List<TableRef> seededTables(Connection c, Dialect d, String schema, List<SeedFile> files) throws SQLException {
        List<TableRef> tables = new ArrayList<>();
        for (SeedFile f : files) {
            TableRef t = f.isData() ? TableRef.parse(f.table(), schema) : null;
            if (t != null && !tables.contains(t) && d.tableExists(c, t.schema(), t.table())) {
                tables.add(t);
            }
        }
        return tables;
    }

    private String display(Path p) {
        Path project = settings.projectDir().toAbsolutePath();
        Path abs = p.toAbsolutePath();
        return (abs.startsWith(project) ? project.relativize(abs) : abs).toString().replace('\\', '/');
    }

    /** One run over the scanned files. */
    private final class Run {
        private final SeedScanner.Scan scan;
        private final List<SeedFile> selected;
        private final Map<String, SeedTarget> targets;
        private final Map<String, String> applied;
        private final String folder;
        private final String databaseUrl;
        private final SeedOptions options;

        Run(SeedScanner.Scan scan, List<SeedFile> selected, Map<String, SeedTarget> targets, Map<String, String> applied, String folder,
            String databaseUrl, SeedOptions options) {
            this.scan = scan;
            this.selected = selected;
            this.targets = targets;
            this.applied = applied;
            this.folder = folder;
            this.databaseUrl = databaseUrl;
            this.options = options;
        }

        private boolean unchanged(SeedFile f) {
            return f.checksum().equals(applied.get(f.name()));
        }

        SeedResult dryRun(List<CleanedTable> cleaned) {
            List<SeedFileResult> files = new ArrayList<>();
            for (SeedFile f : scan.files()) {
                SeedStatus status = !selected.contains(f) ? SeedStatus.NOT_ESSENTIAL : unchanged(f) ? SeedStatus.UNCHANGED : SeedStatus.WOULD_APPLY;
                files.add(result(f, status, status == SeedStatus.WOULD_APPLY ? f.rowCount() : 0, 0));
            }
            return result(null, cleaned, files, null, null);
        }

        SeedResult apply(Connection c, Dialect d, SeedHistory history, List<TableRef> tables, RunJournal journal) throws SQLException {
            history.create();
            List<CleanedTable> cleaned = List.of();
            if (options.clean()) {
                cleaned = clean(c, d, history, tables);
                journal.event("tables_emptied", Map.of("tables", cleaned));
            }
            SeedApplier applier = new SeedApplier(c, d, history, journal.runId());
            List<SeedFileResult> files = new ArrayList<>();
            String error = null;
            for (SeedFile f : scan.files()) {
                if (error != null) {
                    files.add(result(f, SeedStatus.NOT_RUN, 0, 0));
                } else if (!selected.contains(f)) {
                    files.add(result(f, SeedStatus.NOT_ESSENTIAL, 0, 0));
                } else if (unchanged(f)) {
                    files.add(result(f, SeedStatus.UNCHANGED, 0, 0));
                    journal.event("file_unchanged", Map.of("file", f.display()));
                } else {
                    long started = System.nanoTime();
                    try {
                        long rows = applier.apply(f, targets.get(f.name()));
                        long ms = (System.nanoTime() - started) / 1_000_000;
                        files.add(result(f, SeedStatus.APPLIED, rows, ms));
                        journal.event("file_applied", Map.of("file", f.display(), "rows", rows, "checksum", f.checksum(), "ms", ms));
                    } catch (FerryException e) {
                        error = e.getMessage();
                        files.add(result(f, SeedStatus.FAILED, 0, (System.nanoTime() - started) / 1_000_000));
                        journal.event("file_failed", Map.of("file", f.display(), "error", error));
                        journal.report(result(journal.runId(), cleaned, files, null, error));
                        throw e;
                    }
                }
            }
            VerifyResult validation = options.validate() == null ? null : verifier.apply(options.validate());
            SeedResult result = result(journal.runId(), cleaned, files, validation, null);
            journal.summary(Map.of("applied", result.count(SeedStatus.APPLIED), "unchanged", result.count(SeedStatus.UNCHANGED),
                    "rows", result.rowsApplied(), "valid", result.valid()));
            journal.report(result);
            return result;
        }

        private List<CleanedTable> clean(Connection c, Dialect d, SeedHistory history, List<TableRef> tables) throws SQLException {
            return Transactions.call(c, "Emptying the seeded tables (" + String.join(", ", tables.stream().map(TableRef::table).toList())
                    + "; a table outside the seeds may still reference them)", () -> {
                List<CleanedTable> cleaned = TableCleaner.empty(c, d, tables);
                history.forget();
                return cleaned;
            });
        }

        private SeedFileResult result(SeedFile f, SeedStatus status, long rows, long ms) {
            return new SeedFileResult(f.display(), f.kind(), f.table(), f.essential(), status, rows, f.checksum(), ms);
        }

        private SeedResult result(String runId, List<CleanedTable> cleaned, List<SeedFileResult> files, VerifyResult validation, String error) {
            return new SeedResult(runId, settings.name(), databaseUrl, folder, options.dryRun(), options.minimal(), cleaned, files,
                    scan.notes(), validation, error);
        }
    }
}
