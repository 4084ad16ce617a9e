package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.FerryException;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.ConfigOverrides;
import dev.ferry.migration.MigrateOptions;
import dev.ferry.migration.RollbackOptions;
import dev.ferry.migration.SchemaMigrations;
import dev.ferry.migration.ValidateResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The showcase: writes the dental-clinic demo project and walks through migrate, status,
 * rollback, validate (catching an edited migration) and history on the embedded PostgreSQL.
 */
@Command(name = "demo", description = "Create the dental-clinic demo project and show what Ferry does, on an embedded PostgreSQL.")
final class DemoCommand implements Callable<Integer> {
    private static final String RESOURCES = "demo/";

    @Option(names = "--dir", description = "Where to create the demo project (default: ./ferry-demo).")
    Path dir = Path.of("ferry-demo");

    @Override
    public Integer call() throws IOException {
        Path project = dir.toAbsolutePath().normalize();
        writeProject(project);
        Console.out("Demo project written to " + project + " (ferry.yaml and migrations/ for a legacy dental clinic).");
        try (Ferry ferry = Ferry.of(ConfigLoader.fromSystem().load(project, null, ConfigOverrides.NONE))) {
            ferry.onNotice(Console::err).withListener(new ConsoleListener(false));
            SchemaMigrations migrations = ferry.migrations();
            migrations.clean();

            step("ferry migrate", "apply every pending migration, each in its own transaction");
            Console.out(Render.migrate(migrations.migrate(MigrateOptions.DEFAULTS)));

            step("ferry status", "every migration and its state");
            Console.out(Render.status(migrations.status()));

            step("ferry rollback --steps 2", "run the newest down scripts, newest first");
            Console.out(Render.rollback(migrations.rollback(RollbackOptions.steps(2), false)));
            Console.out(Render.status(migrations.status()));

            step("ferry validate", "someone edits V3 after it was applied; validate catches the drift (exit code 3)");
            Path v3 = project.resolve("migrations/V3__create_doctors.sql");
            String original = Files.readString(v3);
            Files.writeString(v3, original + "ALTER TABLE doctors ADD COLUMN nickname TEXT;\n");
            ValidateResult drift = migrations.validate();
            Console.out(Render.validate(drift));
            Files.writeString(v3, original);
            Console.out("(file restored)");
            Console.out(Render.validate(migrations.validate()));

            step("ferry migrate --dry-run", "print the exact SQL, history writes included, without running it");
            Console.out(Render.migrate(migrations.migrate(MigrateOptions.DEFAULTS.withDryRun(true))));

            step("ferry migrate", "re-apply what was rolled back");
            Console.out(Render.migrate(migrations.migrate(MigrateOptions.DEFAULTS)));

            step("ferry history", "what ran, when, by whom, how long, with what result");
            Console.out(Render.history(migrations.history()));
        }
        Console.out("");
        Console.out("Done. The project stays in " + project + "; try it yourself:");
        Console.out("  cd " + dir + " && java -jar " + jarHint() + " status");
        return ExitCodes.OK;
    }

    private static String jarHint() {
        try {
            return Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            return "ferry.jar";
        }
    }

    private static void step(String command, String what) {
        Console.out("");
        Console.out("=== $ " + command + "   # " + what);
    }

    private static void writeProject(Path project) throws IOException {
        List<String> files = new String(resource("files.txt").readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank()).toList();
        Path migrations = project.resolve("migrations");
        if (Files.isDirectory(migrations)) {
            try (var old = Files.list(migrations)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
        }
        for (String file : files) {
            Path target = project.resolve(file);
            Files.createDirectories(target.getParent());
            try (InputStream in = resource(file)) {
                Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static InputStream resource(String name) {
        InputStream in = DemoCommand.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw FerryException.failure("The demo resource " + name + " is missing from this build", null);
        }
        return in;
    }
}
